"""Demo data for the local stack, written through the same services the API uses, and the
"what to try next" text the stack prints once it is up."""

from __future__ import annotations

from dataclasses import dataclass

from devstack.roster import (
    DEMO_ENTERPRISE_ADDRESS,
    DEMO_ENTERPRISE_NAME,
    DEMO_ENTERPRISE_NUMBER,
    DEMO_ORGANISATION_EMAIL,
    DEMO_ORGANISATION_PHONE,
    DemoPerson,
    person,
)

# In the register but not registered yet, so that guide step 1 can be tried by hand.
SECOND_ENTERPRISE_NUMBER = "0312345641"
SECOND_ENTERPRISE_NAME = "OCMW Voorbeeldstad"
SECOND_ENTERPRISE_ADDRESS = "Stationsstraat 10, 9000 Voorbeeldstad"
VENDOR_NAME = "Demo Software NV"
VENDOR_CONTACT = "integratie@demo-software.example"


@dataclass(frozen=True)
class DemoData:
    vendor_client_id: str
    vendor_client_secret: str

    def printable(self) -> dict[str, str]:
        return {"vendor_client_id": self.vendor_client_id, "vendor_client_secret": self.vendor_client_secret}


def _caller(demo: DemoPerson):
    from chalicelib.services.permissions import Caller

    return Caller(ssin=demo.ssin, given_name=demo.given_name, surname=demo.surname, email=demo.email,
                  language=demo.language)


def _details(demo: DemoPerson):
    from chalicelib.services.managers import ManagerDetails

    return ManagerDetails(ssin=demo.ssin, email=demo.email, language=demo.language,
                          given_name=demo.given_name, surname=demo.surname)


def seed() -> DemoData:
    """Write the register, the demo OCMW with its managers, and a vendor client.

    The OCMW has no signed contract yet: `remi-admin contract record` is one step of the walk.
    """
    from chalicelib.services import onboarding, vendors
    from chalicelib.services.managers import DOMAIN, add_manager

    legal = person("legal-representative")
    rows = [
        onboarding.RegisterRow(1, DEMO_ENTERPRISE_NUMBER, DEMO_ENTERPRISE_NAME, DEMO_ENTERPRISE_ADDRESS, legal.ssin),
        onboarding.RegisterRow(2, SECOND_ENTERPRISE_NUMBER, SECOND_ENTERPRISE_NAME, SECOND_ENTERPRISE_ADDRESS, legal.ssin),
    ]
    report = onboarding.import_register(rows)
    if report.problems:
        raise RuntimeError(f"the demo register is invalid: {report.problems}")

    registration = onboarding.Registration(
        enterprise_number=DEMO_ENTERPRISE_NUMBER,
        email=DEMO_ORGANISATION_EMAIL,
        phone=DEMO_ORGANISATION_PHONE,
        main_access_manager=_details(person("main-access-manager")),
    )
    onboarding.register_organisation(_caller(legal), registration)

    main_manager = _caller(person("main-access-manager"))
    add_manager(main_manager, DEMO_ENTERPRISE_NUMBER, _details(person("access-manager")),
                level=DOMAIN, domain="social_security")
    add_manager(main_manager, DEMO_ENTERPRISE_NUMBER, _details(person("ehealth-manager")),
                level=DOMAIN, domain="ehealth")

    client, secret = vendors.register_vendor(VENDOR_NAME, VENDOR_CONTACT)
    return DemoData(vendor_client_id=client.client_id, vendor_client_secret=secret)


def next_steps(environment: dict[str, str], demo: DemoData | None) -> str:
    api = environment["REMI_API_URL"]
    lines = [
        "",
        "REMI access, local stack",
        f"  API                      {api}  (try {api}/v1/health)",
        f"  identity provider (FAS)  {environment['REMI_DEV_IDENTITY_PROVIDER']}/fas/oauth2/.well-known/openid-configuration",
        f"  DynamoDB and KMS (moto)  {environment['REMI_DYNAMODB_ENDPOINT']}",
    ]
    if demo is not None:
        lines += [
            f"  demo OCMW                {DEMO_ENTERPRISE_NAME}, enterprise number {DEMO_ENTERPRISE_NUMBER}",
            f"  vendor client            {demo.vendor_client_id}",
            f"  vendor client secret     {demo.vendor_client_secret}   (shown once)",
            "",
            "Try next, in another terminal:",
            "  .venv/bin/remi-admin demo people                      # who is who",
            "  TOKEN=$(.venv/bin/remi-admin dev-token social-worker)",
            f"  curl -s {api}/v1/me/status -H \"Authorization: Bearer $TOKEN\"",
            "  README.md walks the whole flow: invitation, acceptance, approval, contract, vendor link.",
        ]
    return "\n".join(lines) + "\n"
