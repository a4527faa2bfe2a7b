"""Headless Chromium through Selenium and Debian's chromium-driver, as the tests' scripts open it."""
import os
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def chromium(width=1366, height=768):
    """A headless Chromium window of the given size (1366x768: the office laptops')."""
    options = Options()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(a)
    if os.environ.get("CHROMIUM"):
        options.binary_location = os.environ["CHROMIUM"]
    return webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
