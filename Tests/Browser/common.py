"""What the browser tests share: the headless Chromium driver, axe-core checks and helpers.

Usage of the scripts: SCRIPT BASE_URL ADMIN_PASSWORD PRACTICE_MANAGER_PASSWORD [SCREENSHOT_DIR]
"""
import glob
import importlib.util
import os
import re
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

BASE = sys.argv[1].rstrip("/")
PASSWORD = sys.argv[2]
PM_PASSWORD = sys.argv[3]
SHOTS = sys.argv[4] if len(sys.argv) > 4 else None
WIDTH = int(os.environ.get("CONSORT_BROWSER_WIDTH", "1280"))

spec = importlib.util.find_spec("axe_playwright_python")
AXE = open(os.path.join(spec.submodule_search_locations[0], "axe.min.js"), encoding="utf-8").read()

options = webdriver.ChromeOptions()
for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={WIDTH},1000"]:
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
if WIDTH < 500:
    # A desktop window is at least 500 px wide: a phone's width is emulated as a phone's.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": True})
driver.set_page_load_timeout(30)
failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def accessible(name):
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.length + ' × ' + v.help + ' e.g. ' + v.nodes[0].target.join(' '))))"
        ".catch(e => done(['axe failed: ' + e]));")
    check(f"{name}: no accessibility violations", not result, "; ".join(result))
    if SHOTS:
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(WIDTH, min(max(height, 800), 5000))
        driver.save_screenshot(os.path.join(SHOTS, f"{name.replace(' ', '-')}-{WIDTH}.png"))
        driver.set_window_size(WIDTH, 1000)


def replaced(old):
    """Waits until the page `old` belongs to has gone. Chrome reports a node of a document
    that has just been replaced either as stale or, mid-navigation, as not belonging to the
    document; both mean the next page has come."""
    def check(_):
        try:
            old.is_enabled()
            return False
        except (StaleElementReferenceException, WebDriverException):
            return True
    WebDriverWait(driver, 30).until(check)


def submit(selector):
    """Clicks a submit button and waits for the next page."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    replaced(old)
    return driver.find_element(By.TAG_NAME, "body").text


def follow(link_text):
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.LINK_TEXT, link_text).click()
    replaced(old)
    return driver.find_element(By.TAG_NAME, "body").text


def visit(path):
    driver.get(BASE + path)
    return driver.find_element(By.TAG_NAME, "body").text


def sign_in(username, password):
    visit("/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    return submit("main form button")


def nhs_number(nine):
    """A valid NHS number from nine digits (modulus 11), or None when none exists."""
    check = 11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1))) % 11
    check = 0 if check == 11 else check
    return None if check == 10 else nine + str(check)


def emailed_link(address, prefix, wait=120):
    """The path of the newest link starting with `prefix` (e.g. "/ballots/") in an email to
    `address`, read from the SMTP sink's folder as the person would read it; None without one."""
    spool = os.environ.get("CONSORT_TEST_SMTP_SPOOL")
    if not spool:
        return None
    pattern = re.compile(re.escape(prefix) + r"[A-Za-z0-9_-]{43}")
    for _ in range(wait):
        for name in sorted(glob.glob(os.path.join(spool, "*.eml")), key=os.path.getmtime, reverse=True):
            text = open(name, encoding="utf-8", errors="replace").read()
            found = pattern.search(text)
            if address in text and found:
                return found.group(0)
        time.sleep(1)
    return None


def fresh_browser():
    """Forgets every cookie: the next page is opened as by a browser that has never seen Consort."""
    driver.delete_all_cookies()

