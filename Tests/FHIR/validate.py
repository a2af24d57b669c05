#!/usr/bin/env python3
"""Validates the FHIR R4 resources a running Consort server gives against the FHIR R4 (4.0.1)
models of the fhir.resources package, and checks the UK Core Organization identifier rules.

Usage: validate.py BASE_URL   (e.g. http://127.0.0.1:8080)

Reads every network, consortium, ICB and region at the server's default date through the
search (following `next` links), a page of practices, each kind of organisation by code, and
answers for a code that does not exist and for a bad parameter. Exits 1 on the first problem."""

import json
import re
import sys
import urllib.error
import urllib.request

from fhir.resources import __fhir_version__
from fhir.resources.bundle import Bundle
from fhir.resources.capabilitystatement import CapabilityStatement
from fhir.resources.operationoutcome import OperationOutcome
from fhir.resources.organization import Organization

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
PROFILE = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization"
ROLES = "https://directory.spineservices.nhs.uk/STU3/CodeSystem/ODSAPI-OrganizationRole-1"
PERIOD = "http://hl7.org/fhir/StructureDefinition/organization-period"
# ODS organisation codes: 3 to 6 upper-case letters and digits (A81001, U89141, 16C, A3A8R, QHM, Y63).
ODS_CODE = re.compile(r"^[A-Z0-9]{3,6}$")

base = sys.argv[1].rstrip("/")
checked = 0


def fail(message):
    print(f"FHIR validation failed: {message}", file=sys.stderr)
    sys.exit(1)


def get(path, expect=200):
    try:
        with urllib.request.urlopen(base + path) as response:
            status, body, kind = response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        status, body, kind = error.code, error.read(), error.headers.get("Content-Type", "")
    if status != expect:
        fail(f"{path} answered {status}, expected {expect}: {body[:300]!r}")
    if not kind.startswith("application/fhir+json"):
        fail(f"{path} answered with Content-Type {kind!r}, not application/fhir+json")
    return json.loads(body)


def check_organization(resource, where):
    global checked
    try:
        Organization.parse_obj(resource)
    except Exception as error:  # the model's own message names the element
        fail(f"{where}: not a valid FHIR {__fhir_version__} Organization: {error}")
    if PROFILE not in resource.get("meta", {}).get("profile", []):
        fail(f"{where}: meta.profile does not name the UK Core Organization profile")
    for identifier in resource.get("identifier", []):
        if identifier.get("system") != ODS:
            fail(f"{where}: identifier system {identifier.get('system')!r} is not {ODS}")
        if not ODS_CODE.match(identifier.get("value", "")):
            fail(f"{where}: identifier value {identifier.get('value')!r} is not an ODS organisation code")
        if identifier["value"] != resource["id"]:
            fail(f"{where}: id {resource['id']!r} differs from the ODS code {identifier['value']!r}")
    for concept in resource.get("type", []):
        for coding in concept.get("coding", []):
            if coding.get("system") != ROLES or not coding.get("code", "").isdigit():
                fail(f"{where}: type coding {coding} is not an ODS organisation role")
    periods = [e for e in resource.get("extension", []) if e.get("url") == PERIOD]
    if len(periods) != 1 or "start" not in periods[0].get("valuePeriod", {}):
        fail(f"{where}: expected one organization-period extension with a start")
    part = resource.get("partOf")
    if part is not None:
        if not re.match(r"^Organization/[A-Za-z0-9\-]+$", part.get("reference", "")):
            fail(f"{where}: partOf.reference {part.get('reference')!r} is not Organization/CODE")
    checked += 1


def check_bundle(path):
    pages = 0
    while path and pages < 50:
        bundle = get(path)
        try:
            Bundle.parse_obj(bundle)
        except Exception as error:
            fail(f"{path}: not a valid FHIR {__fhir_version__} Bundle: {error}")
        if bundle.get("type") != "searchset":
            fail(f"{path}: Bundle.type is {bundle.get('type')!r}, not searchset")
        for entry in bundle.get("entry", []):
            check_organization(entry["resource"], entry.get("fullUrl", path))
        following = [link["url"] for link in bundle.get("link", []) if link["relation"] == "next"]
        path = following[0] if following else None
        pages += 1
    return pages


try:
    capability = get("/api/v1/fhir/metadata")
    CapabilityStatement.parse_obj(capability)
except Exception as error:
    fail(f"/api/v1/fhir/metadata: not a valid CapabilityStatement: {error}")
if capability["rest"][0]["resource"][0]["type"] != "Organization":
    fail("the CapabilityStatement does not declare Organization")
for kind in ["network", "consortium", "icb", "region", "federation"]:
    check_bundle(f"/api/v1/fhir/Organization?type={kind}&_count=500")
check_bundle("/api/v1/fhir/Organization?type=76&_count=200")
first = get("/api/v1/fhir/Organization?type=76&_count=1")["entry"][0]["resource"]
chain = [first]
while chain[-1].get("partOf") and len(chain) < 6:
    chain.append(get("/api/v1/fhir/" + chain[-1]["partOf"]["reference"]))
for resource in chain:
    check_organization(resource, "read " + resource["id"])
if len(chain) < 4:
    fail(f"the practice {first['id']} should lead through partOf to its region, got {[r['id'] for r in chain]}")
members = get(f"/api/v1/fhir/Organization?partof=Organization/{chain[1]['id']}&_count=500")
if first["id"] not in [e["resource"]["id"] for e in members.get("entry", [])]:
    fail(f"searching partof={chain[1]['id']} does not find its member {first['id']}")
for path, status in [("/api/v1/fhir/Organization/ZZZ999", 404), ("/api/v1/fhir/Organization?_count=0", 400)]:
    try:
        OperationOutcome.parse_obj(get(path, status))
    except Exception as error:
        fail(f"{path}: not a valid OperationOutcome: {error}")
print(f"FHIR: {checked} Organization resources valid against FHIR {__fhir_version__} and the UK Core identifier rules")
