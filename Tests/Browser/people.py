#!/usr/bin/env python3
"""Browser tests of the people directory: an administrator puts a person on the demo consortium's
register and the demo federation's hub list and invites them; the person opens the link, sets a
password, declares an interest and gives their availability; the practice manager sees their
practice's people. Every new page is checked with axe-core.

Usage: people.py BASE_URL ADMIN_PASSWORD PRACTICE_MANAGER_PASSWORD [SCREENSHOT_DIR]
With CONSORT_TEST_SMTP_SPOOL set to the SMTP sink's folder: the invited person uses the link from
their email, in a fresh browser (the page never shows it to the officer).
"""
import glob
import re

from common import *  # noqa: F401,F403 - the driver and helpers the scripts share
from common import driver, failures

GMC = "9876543"
EMAIL = "browser-invitee@example.invalid"


def fill(field, value):
    element = driver.find_element(By.ID, field)
    if element.get_attribute("type") == "date":
        # Typing into a date control depends on the browser's locale; set the value as a picker would.
        driver.execute_script("arguments[0].value = arguments[1]", element, value)
        return
    element.clear()
    element.send_keys(value)


def choose(field, value):
    Select(driver.find_element(By.ID, field)).select_by_value(value)


try:
    text = sign_in("demo-admin", PASSWORD)
    check("the administrator signs in", "Signed in as" in text, text[:300])
    text = visit("/people")
    check("the directory lists people, the demo federation's clinicians among them", "Demo GP" in text, text[:400])
    accessible("people directory")

    # A person with their first role: a member of the demo consortium's governing body.
    # The demo consortium (NHS Tees Valley CCG) and the demo federation, the first recorded.
    consortium, federation = "16C", "FED-0001"
    fill("name", "Dr Browser Invitee (demo)")
    fill("gmc", "12345")
    fill("email", EMAIL)
    fill("organisation", consortium)
    choose("role", "governing-body")
    fill("from", "2024-01-01")
    text = submit("main form[action='/people'][method=post] button[type=submit]")
    check("a malformed GMC number is refused, naming the field", "GMC number is 7 digits" in text, text[:600])
    accessible("people directory with an error")
    fill("gmc", GMC)
    text = submit("main form[action='/people'][method=post] button[type=submit]")
    person = driver.current_url.rstrip("/").split("/")[-1]
    check("the person is added with their role", person.isdigit() and "Governing body member" in text, driver.current_url)
    accessible("person page")

    # On the consortium's register and the demo federation's hub list, found by their GMC number.
    visit(f"/groups/{consortium}/governance")
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    fill("name", "Dr Browser Invitee (demo)")
    fill("registration", GMC)
    submit(f"form[action='/groups/{consortium}/governance/people'] button[type=submit]")
    text = visit(f"/groups/{federation}/access/clinicians")
    fill("name", "Dr Browser Invitee (demo)")
    fill("registration", GMC)
    choose("role", "gp")
    fill("max_sessions", "4")
    driver.find_element(By.CSS_SELECTOR, "input[name='hubs[]']").click()
    fill("availability", "Sat 09:00-12:00")
    text = submit(f"form[action='/groups/{federation}/access/clinicians'] button[type=submit]")
    check("the person joins the hub list", "Dr Browser Invitee (demo)" in text, text[:600])

    text = visit(f"/people/{person}")
    check("the person's page shows the register and hub list", "On governance registers" in text and "Extended-access hubs" in text, text[:800])
    choose("grant", "public|")
    text = submit(f"form[action='/people/{person}/invite'] button[type=submit]")
    check("the invitation goes to the recorded email, and its link is not shown to the officer",
          f"emailed to {EMAIL}" in text and "/invitations/" not in driver.page_source, text[:400])
    accessible("person invited")

    text = visit("/imports/1")
    check("the import report is shown", "Change report" in driver.page_source, text[:300])
    accessible("import report")

    text = visit("/admin/accounts")
    check("the accounts page lists the demo accounts", "demo-practice-manager" in text, text[:400])
    accessible("accounts")
    follow("demo-clinician")
    accessible("account")
    submit(".account button")

    # The invited person, in a browser that has never seen Consort, with the link from their email.
    link = emailed_link(EMAIL, "/invitations/")
    check("the invitation was emailed with its link", link is not None)
    fresh_browser()
    visit(link or "/invitations/missing")
    accessible("invitation")
    fill("username", "browser.invitee")
    fill("password", "a long browser passphrase")
    fill("confirm", "a long browser passphrase")
    text = submit("main form button[type=submit]")
    check("the invited person is signed in to their own record", "Your account is ready" in text and "My record" in text, text[:400])
    accessible("my record")
    visit(link or "/invitations/missing")
    check("the link works only once", "expired, has been used" in driver.find_element(By.TAG_NAME, "body").text)

    text = visit("/me/declarations")
    check("the 28-day rule is shown", "within 28 days" in text, text[:600])
    accessible("my declarations")
    choose("kind", "financial")
    fill("organisation", "Acme Health Ltd")
    fill("description", "Shareholder")
    fill("from", "2024-02-01")
    text = submit("form[action='/me/declarations'] button[type=submit]")
    check("the person declares an interest", "Acme Health Ltd" in text and "Shareholder" in text, text[:800])
    accessible("my declarations after declaring")

    text = visit("/me/availability")
    accessible("my availability")
    field = driver.find_element(By.CSS_SELECTOR, "input[id^='availability-']")
    field.clear()
    field.send_keys("Sat 09:00-13:00; Sun 10:00-12:00")
    text = submit("form[action='/me/availability'] button[type=submit]")
    check("the person gives their availability", "Saved" in text and "Sun 10:00-12:00" in driver.page_source, text[:600])

    for path, name in [("/me/sessions", "my hub sessions"), ("/me/gifts", "my gifts"), ("/me/notifications", "my notifications")]:
        visit(path)
        accessible(name)
    submit(".account button")

    # The practice manager keeps their practice's people.
    text = sign_in("demo-practice-manager", PM_PASSWORD)
    check("the practice manager lands on Today with the practice's hub appointments and declarations due",
          "Hub appointments: THE DENSHAM SURGERY" in text and "Declarations of interests due" in text, text[:600])
    accessible("today of a practice manager")
    text = visit("/people")
    check("the practice manager sees their practice's people", "Demo GP" in text and "Dr Browser Invitee" not in text, text[:600])
    accessible("people of a practice")

    spool = os.environ.get("CONSORT_TEST_SMTP_SPOOL", "")
    found = [f for f in glob.glob(os.path.join(spool, "*.eml")) if EMAIL in open(f, encoding="utf-8").read()]
    check("the invitation was emailed once", len(found) == 1, f"{len(found)} messages")
finally:
    driver.quit()

print(f"{len(failures)} failures" if failures else "all people checks passed")
sys.exit(1 if failures else 0)
