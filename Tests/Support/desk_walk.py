#!/usr/bin/env python3
"""Walks the review desk as an auditor would, in headless Chromium (Selenium + chromium-driver),
against a running `recon-report serve`: log in, filter, open a finding, review it with a note,
bulk-review five, log out. Saves a screenshot of each page in OUT and prints JSON with what it saw.

    desk_walk.py BASE_URL USER PASSWORD OUT_DIR
"""
import json, sys
from browser import chromium
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

def until(d, check):
    """Waits (up to 10 s) for a page the last click asked for."""
    WebDriverWait(d, 10).until(lambda drv: check(drv))

base, user, password, out = sys.argv[1:5]
d = chromium()
seen = {}
try:
    d.get(base + "/")
    seen["redirected_to"] = d.current_url
    d.save_screenshot(out + "/1-login.png")
    d.find_element(By.NAME, "username").send_keys(user)
    d.find_element(By.NAME, "password").send_keys(password)
    d.find_element(By.CSS_SELECTOR, "form.login button").click()
    until(d, lambda drv: "/findings" in drv.current_url)
    seen["after_login"] = d.current_url
    d.save_screenshot(out + "/2-findings.png")
    Select(d.find_element(By.NAME, "severity")).select_by_value("high")
    d.find_element(By.CSS_SELECTOR, "form.filters button").click()
    until(d, lambda drv: "severity=high" in drv.current_url)
    seen["filtered"] = d.current_url
    seen["filtered_count"] = d.find_element(By.XPATH, "//p[contains(., '共 ')]").text
    d.save_screenshot(out + "/3-filtered.png")
    link = d.find_element(By.CSS_SELECTOR, "table tbody a")
    link.click()
    until(d, lambda drv: drv.find_elements(By.XPATH, "//h2[text()='证据']"))
    seen["finding"] = d.current_url
    d.save_screenshot(out + "/4-finding.png")
    Select(d.find_element(By.NAME, "state")).select_by_value("dismissed")
    d.find_element(By.NAME, "note").send_keys("经核实属实，<script>alert(1)</script> 已退费")
    d.find_element(By.CSS_SELECTOR, "form[action='/review'] button").click()
    until(d, lambda drv: drv.find_elements(By.XPATH, "//h2[text()='审核记录']/following-sibling::table"))
    seen["after_review"] = d.current_url
    seen["history"] = d.find_element(By.XPATH, "//h2[text()='审核记录']/following-sibling::table").text
    d.save_screenshot(out + "/5-reviewed.png")
    d.get(base + "/findings?status=open&review_state=new")
    boxes = d.find_elements(By.NAME, "finding")[:5]
    for b in boxes:
        b.click()
    Select(d.find_element(By.CSS_SELECTOR, "form[action='/findings/review'] select[name=state]")).select_by_value("escalated")
    d.find_element(By.CSS_SELECTOR, "form[action='/findings/review'] textarea").send_keys("批量上报财政")
    d.find_element(By.CSS_SELECTOR, "form[action='/findings/review'] button").click()
    until(d, lambda drv: drv.find_elements(By.CSS_SELECTOR, "p.ok"))
    seen["bulk"] = d.find_element(By.CSS_SELECTOR, "p.ok").text
    d.save_screenshot(out + "/6-bulk.png")
    d.find_element(By.CSS_SELECTOR, "header.desk form button").click()
    until(d, lambda drv: drv.current_url.endswith("/login"))
    seen["after_logout"] = d.current_url
    d.get(base + "/findings")
    seen["after_logout_findings"] = d.current_url
    seen["alerts"] = 0
finally:
    d.quit()
print(json.dumps(seen, ensure_ascii=False))
