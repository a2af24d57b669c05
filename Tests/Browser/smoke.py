#!/usr/bin/env python3
"""Browser smoke tests: real pages in headless Chromium, each checked with axe-core.

Usage: smoke.py BASE_URL ADMIN_PASSWORD PRACTICE_MANAGER_PASSWORD [SCREENSHOT_DIR]

Runs the journeys a newcomer takes: the home page, a practice search, a practice page, a group
page, signing in (as the demo administrator), making a plan, recording a federation, the demo
federation's extended access, and booking a patient into a hub as the demo practice manager. Every page is checked
with axe-core (WCAG 2.0/2.1 A and AA rules); any violation fails the run.
"""
from common import *  # noqa: F401,F403 - the driver and helpers the scripts share
from common import driver, failures

try:
    import json
    import urllib.request
    from openapi_spec_validator import validate
    spec_doc = json.load(urllib.request.urlopen(BASE + "/api/v1/openapi.json"))
    try:
        validate(spec_doc)
        check("the OpenAPI document is valid OpenAPI 3", True)
    except Exception as error:  # noqa: BLE001 - report any validation failure
        check("the OpenAPI document is valid OpenAPI 3", False, str(error)[:300])

    text = visit("/")
    check("home shows the practices of England", "6,527" in text and "61,469,262" in text, text[:300])
    check("home shows the groups", all(s in text for s in ["1,254", "106", "42"]))
    accessible("home")

    driver.find_element(By.ID, "home-q").send_keys("densham")
    text = submit("form[role=search] button")
    check("search finds a practice by name", "THE DENSHAM SURGERY" in text and "1 practice" in text, text[:500])
    accessible("practice search")

    text = follow("THE DENSHAM SURGERY")
    check("practice page shows its groups", "STOCKTON PCN" in text and "NHS Tees Valley CCG" in text, text[:500])
    accessible("practice page")

    text = follow("NHS Tees Valley CCG")
    # 81 members, 50 a page, the map of the networks first.
    check("group page lists members", "Member practices" in text and "ACKLAM MEDICAL CENTRE" in text
          and "Page 1 of 2" in text and "Where the members are" in text, text[:400])
    accessible("group page")

    visit("/networks")
    accessible("networks list")

    text = visit("/assurance?policy=pcn-2019&date=2022-01-01")
    check("the assurance page gives a verdict with numbers", "Would not be authorised" in text and "blocking" in text, text[:400])
    accessible("assurance")
    text = visit("/policies/enhanced-access-2022")
    check("a policy page shows its rules and sources", "60 minutes per 1,000" in text and "Network Contract DES 2022/23" in text)
    accessible("policy page")

    text = visit("/finance?date=2022-01-01")
    check("the allocation page shares England's budget", "£69.8bn" in text and "61,469,262 registered patients" in text, text[:500])
    accessible("finance allocation")
    Select(driver.find_element(By.ID, "area")).select_by_value("QHM")
    Select(driver.find_element(By.ID, "basis")).select_by_value("raw")
    text = submit("form[aria-label=Allocation] button")
    check("allocating an ICB's budget shows its CCGs", "NHS Tees Valley CCG" in text and "3,146,152 registered patients" in text, text[:500])
    text = visit("/finance/risk?populations=5000,30000,100000,1000000&trials=2000")
    check("the risk page shows the chance of overspending by size", "Chance of overspending by more than 5% in a year" in text and "1,000,000" in text, text[:500])
    accessible("finance risk")
    visit("/finance/models")
    Select(driver.find_element(By.ID, "area")).select_by_value("QHM")
    text = submit("form[aria-label='Area and assumptions'] button")
    check("the four models are compared on an ICB", "Cumbria and North East: 360 practices" in text and "Consortia with a service agency and risk pool" in text, text[:600])
    accessible("finance models")
    text = visit("/finance/cost-model")
    check("the cost model page cites its sources", "Bachmann and Bevan" in text and "£25 a patient" in text, text[:400])
    accessible("cost model")

    visit("/login")
    accessible("sign in")
    driver.find_element(By.ID, "username").send_keys("demo-admin")
    driver.find_element(By.ID, "password").send_keys("wrong password here")
    text = submit("main form button")
    check("a wrong password is refused with a message", "not right" in text, text[:300])
    accessible("sign in error")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    text = submit("main form button")
    check("signing in shows who is signed in", "Signed in as" in text, text[:300])
    check("signing in lands on Today", "Today, " in text and "Audit log" in text and "Registry data" in text, text[:300])
    accessible("today")

    text = visit("/quality?group=16C")
    check("the quality page benchmarks a CCG's practices with a funnel plot",
          "Funnel plot" in text and "NHS Tees Valley CCG" in text and len(driver.find_elements(By.CSS_SELECTOR, "svg#funnel")) == 1,
          text[:400])
    accessible("quality")

    text = visit("/plans")
    check("the planner lists no plans yet", "No plans yet." in text, text[:300])
    accessible("planner list")
    text = follow("New plan")
    accessible("new plan")
    driver.find_element(By.ID, "name").send_keys("Tees Valley networks")
    Select(driver.find_element(By.ID, "within")).select_by_value("consortium")
    Select(driver.find_element(By.ID, "area")).select_by_value("16C")
    driver.execute_script("document.getElementById('date').value = '2022-01-01'")
    text = submit("main form button[type=submit]")
    for _ in range(120):
        if "Today and the plan" in text:
            break
        time.sleep(1)
        text = visit(driver.current_url.replace(BASE, ""))
    check("a plan runs and is compared with today", "Today and the plan" in text and "Groups within the size band" in text, text[:600])
    check("the plan shows two maps", len(driver.find_elements(By.CSS_SELECTOR, "svg#map-today, svg#map-plan")) == 2)
    accessible("plan page")
    driver.find_element(By.ID, "confirm_adopt").click()
    driver.execute_script("document.getElementById('adopt_on').value = '2022-06-01'")
    text = submit("form[aria-label=Adopt] button")
    check("the plan is adopted from a date", "Adopted from 2022-06-01" in text, text[:600])

    visit("/federations/new")
    accessible("record a federation")
    driver.find_element(By.ID, "name").send_keys("Browser Test Federation")
    driver.find_element(By.ID, "members").send_keys("A81001, A81002")
    text = submit("main form button")
    check("a federation is recorded with its members", "Browser Test Federation" in text and "2\nmember practices" in text, text[:600])
    accessible("federation page")

    follow("Edit this federation and its members")
    accessible("edit federation")
    text = visit("/groups/FED-0002/edit")
    check("a federation's invitations wait for the practice's answer", "Invitations" in text and "Waiting" in text and "Withdraw" in text, text[-800:])
    accessible("federation invitations")
    visit("/audit")
    text = driver.find_element(By.TAG_NAME, "body").text
    check("the audit log shows the change", "federation.create" in text)
    accessible("audit log")

    # The demo federation's extended access, as its administrator sees it.
    text = visit("/groups/FED-0001/access")
    check("extended access shows required, planned and delivered", "Required, planned and delivered" in text and "Demo hub (generated)" in text, text[:600])
    check("extended access draws utilisation charts", len(driver.find_elements(By.CSS_SELECTOR, "svg#chart-weekday, svg#chart-hub")) == 2)
    accessible("extended access")
    text = follow("Rota 1")
    check("the demo rota is published with no conflicts", "Published rota" in text and "Conflicts (0)" in text, text[:600])
    accessible("rota")
    visit("/groups/FED-0001/access/clinicians")
    accessible("clinicians")

    # Counting an election from a ballot file.
    visit("/elections/count")
    accessible("count an election")
    driver.find_element(By.ID, "ballots").send_keys('3 1\n8 1 0\n7 2 0\n5 3 2 0\n0\n"Ann" "Bob" "Cy" "Chair"\n')
    text = submit("main form[action='/elections/count'] button[type=submit]")
    check("an election is counted with its count sheet", "Elected, in order: Bob" in text and "Exclusion of Cy" in text, text[:600])
    accessible("count sheet")

    # The demo federation's quality: its practices' funnel plot and its readiness matrix.
    text = visit("/quality?group=FED-0001&comparator=group")
    check("a federation's funnel plot", "Funnel plot" in text and len(driver.find_elements(By.CSS_SELECTOR, "svg#funnel")) == 1, text[:400])
    accessible("federation funnel plot")
    text = visit("/groups/FED-0001/readiness")
    check("the readiness matrix shows every member against the 34 statements",
          "Commonest gaps" in text and len(driver.find_elements(By.CSS_SELECTOR, "table#matrix tbody tr")) >= 4
          and len(driver.find_elements(By.CSS_SELECTOR, "table#matrix thead abbr")) == 34, text[:600])
    accessible("readiness matrix")

    # The demo consortium's governance: a conflict found through a practice's federation, managed.
    text = visit("/groups/16C/governance")
    check("governance lists the demo board and registers", "Governing body (demo)" in text and "Register of interests" in text, text[:600])
    accessible("governance")
    follow("Governing body (demo)")
    accessible("board")
    links = driver.find_elements(By.PARTIAL_LINK_TEXT, "Extended access contract (demo)")
    if links:
        old = driver.find_element(By.TAG_NAME, "html")
        links[0].click()
        replaced(old)
        text = driver.find_element(By.TAG_NAME, "body").text
    check("the meeting shows the derived conflict's chain", "GP partner at" in text and "is bidding for this item's contract" in text, text[:800])
    check("the meeting shows how it was managed and the decision", "Excluded from the discussion and the vote" in text and "Award the contract to" in text)
    accessible("meeting")
    text = visit("/groups/16C/governance/interests")
    check("the register of interests shows decision-makers and overdue declarations", "Nil return" in text and "Overdue declarations" in text, text[:600])
    accessible("register of interests")
    visit("/groups/16C/governance/gifts")
    Select(driver.find_element(By.ID, "gift_kind")).select_by_value("hospitality")
    Select(driver.find_element(By.ID, "source")).select_by_value("supplier")
    driver.find_element(By.ID, "donor").send_keys("Demo supplier")
    driver.find_element(By.ID, "gift_description").send_keys("Demo conference dinner")
    driver.find_element(By.ID, "value").send_keys("80")
    text = submit("form[action$='/gifts'] button[type=submit]")
    check("hospitality over £75 without approval is refused", "Refuse it." in text and "over £75" in text, text[:600])
    accessible("gifts and hospitality")
    text = visit("/groups/16C/governance/procurement")
    check("the register of procurement decisions shows the conflict and its management", "Excluded from the discussion and the vote" in text, text[:600])
    accessible("register of procurement decisions")

    text = submit(".account button")
    check("signing out", "Sign in" in text and "Signed in as" not in text)

    # A practice manager books a patient of their practice into the hub, then cancels.
    text = sign_in("demo-practice-manager", PM_PASSWORD)
    check("the practice manager signs in", "Signed in as" in text, text[:300])
    # The demo neighbourhood federation has invited the practice: the practice manager answers.
    text = visit("/account")
    check("the account page says an invitation waits for an answer", "Waiting for your answer" in text, text[:600])
    accessible("account with an invitation")
    text = follow("1 invitation for A81001 to join a federation")
    check("the practice's invitations page offers accept and decline", "Accept: join" in text and "Decline" in text, text[:600])
    accessible("practice invitations")
    text = submit("main form[action$='/accept'] button")
    check("accepting records the membership", "Accepted by demo-practice-manager" in text, text[:800])
    text = visit("/practices/A81001")
    check("the practice page shows its new federation", "Demo neighbourhood federation" in text, text[:800])

    # The practice manager records evidence and the DSPT for their practice, and prints the report.
    text = visit("/practices/A81001/readiness")
    check("the practice's readiness page shows its statements and rating", "Inspection readiness: THE DENSHAM SURGERY" in text and "Last CQC rating" in text, text[:600])
    accessible("practice readiness")
    text = submit("form[action$='/readiness/evidence'] button[type=submit]")
    check("evidence without a title or statements is refused by field", "There is a problem" in text and "Choose the quality statements" in text, text[:600])
    accessible("readiness evidence error")
    driver.find_element(By.ID, "title").send_keys("Browser test learning log (demo)")
    driver.execute_script("document.getElementById('gathered_on').value = new Date().toISOString().slice(0, 10)")
    driver.find_element(By.ID, "st-S1").click()
    text = submit("form[action$='/readiness/evidence'] button[type=submit]")
    check("recorded evidence makes its statement current", "Browser test learning log (demo)" in text, text[:600])
    text = visit("/practices/A81001/readiness/report")
    check("the one-page report lists the statements", "Learning culture" in text and "Environmental sustainability" in text, text[:400])
    accessible("readiness report")

    text = visit("/hubs")
    check("the practice manager sees the demo hub", "Demo hub (generated)" in text, text[:400])
    accessible("hubs")
    text = follow("Demo hub (generated)")
    accessible("hub")
    buttons = driver.find_elements(By.CSS_SELECTOR, "#slots a.button")
    if not buttons:
        driver.find_element(By.CSS_SELECTOR, "main p a[href*='day=']").click()
        buttons = driver.find_elements(By.CSS_SELECTOR, "#slots a.button")
    check("the hub offers free appointments to book", bool(buttons))
    old = driver.find_element(By.TAG_NAME, "html")
    buttons[0].click()
    replaced(old)
    accessible("book an appointment")
    valid = next(n for n in (nhs_number(f"999{k:06d}") for k in range(500, 600)) if n)
    wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    driver.find_element(By.ID, "nhs_number").send_keys(wrong)
    driver.find_element(By.ID, "name").send_keys("Demo patient (browser test)")
    driver.find_element(By.ID, "contact").send_keys("Demo contact")
    text = submit("main form button[type=submit]")
    check("a mistyped NHS number is refused by its check digit", "check digit" in text, text[:600])
    accessible("booking error")
    field = driver.find_element(By.ID, "nhs_number")
    field.clear()
    field.send_keys(valid)
    text = submit("main form button[type=submit]")
    check("the booking shows on the practice's hub appointments", "Booked: Demo patient (browser test)" in text and "Booking number" in text, text[:600])
    accessible("hub appointments")
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.XPATH, "//tr[td[contains(., 'Demo patient (browser test)')]]//button[contains(., 'Cancel')]").click()
    replaced(old)
    text = driver.find_element(By.TAG_NAME, "body").text
    check("cancelling removes the appointment from those to come", "Demo patient (browser test)" not in text, text[:600])
finally:
    driver.quit()

print(f"{len(failures)} failures" if failures else "all browser checks passed")
sys.exit(1 if failures else 0)
