#!/usr/bin/env python3
"""Opens HTML pages in headless Chromium (Selenium + chromium-driver) as a person would see them, at
1366x768, and reports per page as JSON:

- tofu: the characters of the page's text that Chromium draws as the "missing glyph" box — each
  character is drawn on a canvas in the page's own font and compared with a code point no font has;
- clipped: SVG text (chart labels, values, captions) that reaches outside its SVG's box;
- overlaps: chart value labels that overlap another text of the same chart;
- screenshot: a full-page PNG next to the page (PAGE.png), to look at.

    page_check.py PAGE.html [PAGE.html ...]
"""
import json, sys
from browser import chromium

JS = r"""
const font = getComputedStyle(document.body).fontFamily;
const chars = [...new Set([...document.body.innerText].filter(c => c.codePointAt(0) > 0x2000 && c.trim()))];
function pixels(ch) {
  const c = document.createElement('canvas'); c.width = 40; c.height = 40;
  const g = c.getContext('2d'); g.font = '28px ' + font; g.fillStyle = '#000'; g.fillText(ch, 4, 32);
  return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
}
const tofu = pixels('\u{10FFFD}');
const missing = chars.filter(ch => pixels(ch) === tofu);
const clipped = [], overlaps = [];
for (const svg of document.querySelectorAll('svg')) {
  const vb = svg.viewBox.baseVal;
  const texts = [...svg.querySelectorAll('text')];
  const boxes = texts.map(t => t.getBBox());
  texts.forEach((t, i) => {
    const b = boxes[i];
    if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5)
      clipped.push(t.textContent);
    if (t.classList.contains('bar-value')) {
      texts.forEach((u, j) => {
        if (j === i) return;
        const c = boxes[j];
        if (b.x < c.x + c.width - 0.5 && c.x < b.x + b.width - 0.5 && b.y < c.y + c.height - 0.5 && c.y < b.y + b.height - 0.5)
          overlaps.push(t.textContent + ' / ' + u.textContent);
      });
    }
  });
}
return {font: font, chars: chars.length, tofu: missing, clipped: clipped, overlaps: overlaps,
        svgs: document.querySelectorAll('svg').length};
"""

def main():
    driver = chromium()
    out = {}
    try:
        for page in sys.argv[1:]:
            driver.get("file://" + page)
            result = driver.execute_script(JS)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1366, min(max(768, height), 6000))
            driver.save_screenshot(page + ".png")
            driver.set_window_size(1366, 768)
            out[page] = result
    finally:
        driver.quit()
    print(json.dumps(out, ensure_ascii=False))

main()
