"""The add/edit client form as data: the values the fields hold, and turning them into a
:class:`Client` or into one translated message per field that needs fixing.

Pure (no Flet). The domain model does the validating, so the form can never accept what the
store would refuse, BSN-looking text included.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from uuid import UUID, uuid4

from pydantic import ValidationError

from fieldapp.domain.client import Client, TargetGroup
from fieldapp.i18n import _, validation_messages

CLIENT_LANGUAGES = ("nl", "en", "tr", "ar", "pl", "other")
"""Languages a client can prefer; the app's own language is chosen separately."""


@dataclass(frozen=True)
class ClientFormValues:
    given_name: str = ""
    family_name: str = ""
    phone: str = ""
    email: str = ""
    postcode: str = ""
    house_number: str = ""
    house_number_addition: str = ""
    street: str = ""
    city: str = ""
    preferred_language: str = "nl"
    easy_language: bool = False
    target_group: str = TargetGroup.OTHER.value
    income_up_to_120pct_minimum: bool = False
    new_starter_after_benefit: bool = False
    notes: str = ""

    def with_(self, **changes: object) -> ClientFormValues:
        return replace(self, **changes)  # type: ignore[arg-type]


TEXT_FIELDS = tuple(f.name for f in fields(ClientFormValues) if f.type == "str")


def values_of(client: Client | None) -> ClientFormValues:
    if client is None:
        return ClientFormValues()
    address = client.address
    return ClientFormValues(
        given_name=client.given_name,
        family_name=client.family_name,
        phone=client.phone,
        email=client.email,
        postcode=address.postcode if address else "",
        house_number=str(address.house_number) if address else "",
        house_number_addition=address.house_number_addition if address else "",
        street=address.street if address else "",
        city=address.city if address else "",
        preferred_language=client.preferred_language,
        easy_language=client.easy_language,
        target_group=client.target_group.value,
        income_up_to_120pct_minimum=bool(client.income_up_to_120pct_minimum),
        new_starter_after_benefit=client.new_starter_after_benefit,
        notes=client.notes,
    )


@dataclass(frozen=True)
class FormResult:
    client: Client | None
    errors: dict[str, str]
    """Form field name -> translated message; empty when ``client`` is set."""


def _address(values: ClientFormValues) -> tuple[dict[str, object] | None, dict[str, str]]:
    given = [values.postcode, values.house_number, values.house_number_addition, values.street]
    if not any(part.strip() for part in given):
        return None, {}
    errors: dict[str, str] = {}
    if not values.postcode.strip():
        errors["postcode"] = _("Fill in the postcode, or leave the whole address empty.")
    number = values.house_number.strip()
    if not number.isdigit():
        errors["house_number"] = _("The house number is a number, like 12.")
    if errors:
        return None, errors
    return {
        "postcode": values.postcode,
        "house_number": int(number),
        "house_number_addition": values.house_number_addition,
        "street": values.street,
        "city": values.city,
    }, {}


def build_client(
    values: ClientFormValues,
    existing: Client | None,
    now: datetime,
    new_id: UUID | None = None,
) -> FormResult:
    """A new client, or the next version of ``existing``, from what the form holds."""
    address, errors = _address(values)
    data: dict[str, object] = {
        "given_name": values.given_name,
        "family_name": values.family_name,
        "phone": values.phone,
        "email": values.email,
        "address": address,
        "preferred_language": values.preferred_language,
        "easy_language": values.easy_language,
        "target_group": values.target_group,
        "income_up_to_120pct_minimum": values.income_up_to_120pct_minimum,
        "new_starter_after_benefit": values.new_starter_after_benefit,
        "notes": values.notes,
        "updated_at": now,
    }
    if existing is None:
        data |= {"id": new_id or uuid4(), "created_at": now}
    else:
        data = {**existing.model_dump(), **data, "version": existing.version + 1}
    try:
        client = Client.model_validate(data)
    except ValidationError as error:
        for path, message in validation_messages(error):
            errors.setdefault(_form_field(path), message)
        return FormResult(None, errors)
    if errors:
        return FormResult(None, errors)
    return FormResult(client, {})


def _form_field(path: str) -> str:
    """``address.postcode`` -> ``postcode``: the form shows the address fields flat."""
    return path.rsplit(".", 1)[-1] or "given_name"
