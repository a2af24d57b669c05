"""At a phone's width (390 px, emulated): every role's working pages fit the screen (nothing
scrolls sideways but tables in their own scrolling boxes), the whole menu is on screen, and
pages are accessible; and every page is light: under 100 KB before compression, and
compressed with gzip when the browser asks.

Usage: phone.py BASE_URL ADMIN_PASSWORD PRACTICE_MANAGER_PASSWORD [SCREENSHOT_DIR], with
CONSORT_DEMO_ACCOUNTS naming the server's log, where the demo accounts' passwords are printed.
"""
import gzip
import os
import urllib.request

os.environ["CONSORT_BROWSER_WIDTH"] = "390"
from common import *  # noqa: E402,F403

accounts = {}
for line in open(os.environ["CONSORT_DEMO_ACCOUNTS"], encoding="utf-8"):
    parts = line.split()
    if len(parts) >= 2 and parts[0].startswith("demo-"):
        accounts[parts[0]] = parts[1]

PAGES = {
    None: ["/", "/practices/A81001", "/groups/16C", "/groups/Y63", "/groups/FED-0001", "/assurance",
           "/practices?q=surgery", "/quality", "/finance", "/imports"],
    "demo-admin": ["/today", "/imports/new", "/people", "/accounts"],
    "demo-federation-manager": ["/today", "/hubs", "/groups/FED-0001/access", "/rotas/1", "/elections",
                                "/groups/FED-0001/readiness"],
    "demo-clinician": ["/today", "/me", "/me/sessions", "/me/availability", "/elections/1"],
    "demo-practice-manager": ["/today", "/practices/A81001/hub-appointments", "/practices/A81001/readiness",
                              "/practices/A81001/readiness/report"],
    "demo-consortium-officer": ["/today", "/groups/16C/governance", "/plans/new"],
    "demo-lmc-officer": ["/today", "/surveys/new"],
}
FITS = """
const W = document.documentElement.clientWidth;
window.scrollTo(10000, window.scrollY); const sideways = window.scrollX; window.scrollTo(0, 0);
const hidden = [...document.querySelectorAll('nav.main-nav a')]
  .filter(a => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > W + 1; })
  .map(a => a.textContent);
return [sideways, hidden];
"""

for user, paths in PAGES.items():
    if user:
        sign_in(user, accounts[user])
    for path in paths:
        visit(path)
        sideways, hidden = driver.execute_script(FITS)
        who = user or "signed out"
        check(f"{path} as {who} fits 390 px", sideways == 0, f"scrolls sideways by {sideways} px")
        check(f"{path} as {who}: the whole menu is on screen", not hidden, ", ".join(hidden))
        if path in ("/today", "/rotas/1", "/groups/FED-0001/readiness", "/me/sessions", "/groups/16C"):
            accessible(f"phone {path.strip('/').replace('/', '-') or 'home'} {who}")
    if user:
        driver.delete_all_cookies()

# Weight and compression, as a browser without cookies fetches them.
for path in PAGES[None]:
    plain = urllib.request.urlopen(urllib.request.Request(BASE + path)).read()
    check(f"{path} is under 100 KB before compression", len(plain) < 100_000, f"{len(plain):,} bytes")
    response = urllib.request.urlopen(urllib.request.Request(BASE + path, headers={"Accept-Encoding": "gzip"}))
    body = response.read()
    encoded = response.headers.get("Content-Encoding") == "gzip"
    check(f"{path} is sent gzip-compressed when asked", encoded and gzip.decompress(body)[:15] == b"<!DOCTYPE html>",
          str(response.headers.get("Content-Encoding")))
    print(f"     {path}: {len(plain):,} bytes, {len(body):,} compressed")

driver.quit()
if failures:
    print(f"{len(failures)} failed")
    sys.exit(1)
print("phone and weight checks passed")
