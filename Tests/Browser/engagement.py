#!/usr/bin/env python3
"""Browser tests of engagement: a whole election and a motion, and a survey, in the demo federation.
The administrator sets up a motion of the federation's practices (with the form's errors first)
and opens voting; the demo clinician (a GP on the demo election's roll) seconds a nomination; the
administrator closes nominations and opens voting; the clinician votes (a spoilt paper first);
the practice manager votes on the motion and answers the demo survey; the administrator closes
voting and counts both, and reads the survey's results. Every page is checked with axe-core.

Usage: engagement.py BASE_URL ADMIN_PASSWORD PRACTICE_MANAGER_PASSWORD [SCREENSHOT_DIR]
with CONSORT_DEMO_CLINICIAN_PASSWORD set to the demo clinician's password.
"""
from common import *  # noqa: F401,F403 - the driver and helpers the scripts share
from common import driver, failures

CLINICIAN_PASSWORD = os.environ["CONSORT_DEMO_CLINICIAN_PASSWORD"]


def sign_out():
    submit(".account button")


def moment(hours):
    """A datetime-local value some hours from now, set as a picker would."""
    return driver.execute_script(f"return new Date(Date.now() + {hours} * 3600e3).toISOString().slice(0, 16)")


try:
    sign_in("demo-admin", PASSWORD)
    text = visit("/elections")
    check("the elections page lists the demo polls", "GP directors of the federation's board (demo)" in text and "Working together as a federation" in text, text[:600])
    accessible("elections and surveys")

    # A motion of the demo federation's practices: the form's errors, then set up and opened.
    visit("/elections/new")
    driver.find_element(By.ID, "groups").clear()
    text = submit("main form button[type=submit]")
    check("a new election without a title or groups is refused by field", "There is a problem" in text and "Give the election a title" in text, text[:600])
    accessible("new election with errors")
    driver.find_element(By.ID, "title").send_keys("Browser test motion (demo)")
    driver.find_element(By.ID, "method-motion").click()
    driver.find_element(By.ID, "motion").send_keys("That the federation runs a shared phlebotomy service.")
    driver.find_element(By.ID, "groups").send_keys("FED-0001")
    driver.find_element(By.ID, "electorate-practices").click()
    for field, hours in [("voting_open", 1), ("voting_close", 48)]:
        driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), moment(hours))
    text = submit("main form button[type=submit]")
    check("the motion is set up with its roll of practices", "Browser test motion (demo)" in text and "member practices of Demo federation" in text, text[:800])
    motion = driver.current_url
    text = submit("form[action$='/timetable'] button")
    check("voting on the motion opens", "Voting open" in text, text[:400])
    accessible("motion")

    # The demo election: nominations open.
    text = visit("/elections/1")
    check("the demo election takes nominations", "Nominations open" in text and "Needs 1 more nomination" in text, text[:800])
    accessible("election taking nominations")
    sign_out()

    sign_in("demo-clinician", CLINICIAN_PASSWORD)
    visit("/elections/1")
    Select(driver.find_element(By.ID, "person")).select_by_visible_text("Demo GP 13 (demo)")
    text = submit("#nominate button")
    check("a second nomination makes the candidate stand", "Needs 1 more nomination" not in text and text.count("Standing") >= 3, text[:1200])
    accessible("nominations")
    sign_out()

    sign_in("demo-admin", PASSWORD)
    visit("/elections/1")
    text = submit("form[action$='/timetable'] button")
    check("nominations close", "Nominations closed" in text, text[:400])
    text = submit("form[action$='/timetable'] button")
    check("voting opens", "Voting open" in text, text[:400])
    sign_out()

    # The demo clinician votes with the link emailed to them, in a browser that has never seen Consort
    # (signed in, when the mail sink is not there to read).
    link = emailed_link("demo-clinician@example.invalid", "/ballots/")
    if os.environ.get("CONSORT_TEST_SMTP_SPOOL"):
        check("the ballot was emailed to the demo clinician with its link", link is not None)
    if link:
        fresh_browser()
        text = visit(link)
        check("the emailed ballot opens in a fresh browser", "ballot-form" in driver.page_source, text[:400])
        accessible("ballot by link")
    else:
        sign_in("demo-clinician", CLINICIAN_PASSWORD)
        visit("/elections/1")
    ranks = driver.find_elements(By.CSS_SELECTOR, "#ballot-form input[name^='ranks']")
    check("the ballot lists the three standing candidates", len(ranks) == 3, str(len(ranks)))
    ranks[0].send_keys("1")
    ranks[1].send_keys("1")
    text = submit("#ballot-form button[type=submit]")
    check("a paper with a repeated number is refused", "Use each number once" in text, text[:600])
    accessible("spoilt ballot")
    ranks = driver.find_elements(By.CSS_SELECTOR, "#ballot-form input[name^='ranks']")
    for element, value in zip(ranks, ["2", "", "1"]):
        element.clear()
        if value:
            element.send_keys(value)
    text = submit("#ballot-form button[type=submit]")
    check("the vote is cast and the receipt shows nothing of it", "Your vote has been cast" in text and "Demo GP 13" not in text, text[:600])
    accessible("vote cast")
    if link:
        text = visit(link)
        check("the emailed ballot works once", "ballot-form" not in driver.page_source, text[:400])
        sign_in("demo-clinician", CLINICIAN_PASSWORD)
    text = visit("/elections/1")
    check("the elector's page says they have voted", "You have voted" in text, text[:800])
    sign_out()

    # The practice manager votes on the motion for the practice and answers the demo survey.
    sign_in("demo-practice-manager", PM_PASSWORD)
    driver.get(motion)
    driver.find_element(By.XPATH, "//label[normalize-space()='For']").click()
    text = submit("#ballot-form button[type=submit]")
    check("the practice's vote on the motion is cast", "Your vote has been cast" in text, text[:600])
    text = visit("/surveys/1")
    check("the demo survey asks its questions", "How committed is your practice" in text and "Send my answers" in text, text[:600])
    accessible("survey")
    driver.find_element(By.ID, "q1-4").click()
    driver.find_element(By.ID, "q2-3").click()
    driver.find_element(By.ID, "q6-text").send_keys("A shared business manager (demo answer).")
    text = submit("#survey-form button[type=submit]")
    check("the survey is answered", "Thank you" in text, text[:400])
    accessible("survey answered")
    sign_out()

    # The administrator closes and counts both, and reads the survey's results.
    sign_in("demo-admin", PASSWORD)
    visit("/elections/1")
    text = submit("form[action$='/timetable'] button")
    check("voting closes", "Voting closed; not yet counted" in text, text[:400])
    text = submit("form[action$='/count'] button")
    check("the count sheet is published", "Elected, in order:" in text and "Stage by stage" in text and "Count sheet" in text, text[:1200])
    check("the count sheet table has a row per candidate", len(driver.find_elements(By.CSS_SELECTOR, "table#sheet tbody tr")) >= 3)
    accessible("election count sheet")
    driver.get(motion)
    submit("form[action$='/timetable'] button")
    text = submit("form[action$='/count'] button")
    check("the motion is decided by the practices' votes", "1 for, 0 against: carried" in text, text[:800])
    text = visit("/surveys/1/results")
    check("the survey's results show answers and response rates", "Response rate by practice" in text and "A shared business manager (demo answer)." in text, text[:800])
    check("the results draw a bar per answer", len(driver.find_elements(By.CSS_SELECTOR, "svg.bar")) >= 10)
    accessible("survey results")
    visit("/surveys/new?template=lmc-consortium")
    accessible("new survey from a template")
    driver.find_element(By.ID, "groups").send_keys("FED-0001")
    text = submit("main form button[type=submit]")
    check("a survey is set up from the LMC template", "Our commissioning consortium: boundaries and leadership" in text and "Results and response rates" in text, text[:600])
finally:
    driver.quit()

print(f"{len(failures)} failures" if failures else "all engagement checks passed")
sys.exit(1 if failures else 0)
