"""The add/edit client form as data: the values the fields hold, and turning them into a
:class:`Client` or into a code per field that needs fixing (the form puts it into words).

Pure (no Flet). The domain model does the validating, so the form can never accept what the
store would refuse, BSN-looking text included.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from uuid import UUID, uuid4

from pydantic import ValidationError

from fieldapp.domain.client import Client, TargetGroup
from fieldapp.services.field_errors import FieldErrors, field_errors
from fieldapp.services.form_parsing import AddressText, read_address

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
    participation_level: str = ""
    """A rung of the participation ladder, ``"1"`` to ``"6"``; empty: not known."""
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
        participation_level=(
            "" if client.participation_level is None else str(client.participation_level)
        ),
        notes=client.notes,
    )


@dataclass(frozen=True)
class FormResult:
    client: Client | None
    errors: FieldErrors
    """Form field name -> what to fix; empty when ``client`` is set."""


def _address(values: ClientFormValues) -> tuple[dict[str, object] | None, FieldErrors]:
    errors: FieldErrors = {}
    text = AddressText(
        values.postcode,
        values.house_number,
        values.house_number_addition,
        values.street,
        values.city,
    )
    return read_address(text, errors), errors


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
        "participation_level": values.participation_level or None,
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
        return FormResult(None, field_errors(error, _form_field) | errors)
    if errors:
        return FormResult(None, errors)
    return FormResult(client, {})


def _form_field(name: str) -> str:
    """A client-wide error (no field named) shows at the first field."""
    return name or "given_name"
