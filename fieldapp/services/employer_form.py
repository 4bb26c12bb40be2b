"""The employer form as data: the employer's name, kind and KvK number, its work sites and its
contact people as typed, turned into an :class:`Employer` or a code per field.

A site's or a contact's field is named ``sites.0.postcode`` or ``contacts.1.name``: the form
shows the message at that group's field, and the field's label is its last part.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import uuid4

from fieldapp.domain.employer import ContactPerson, ContactRole, Employer, EmployerKind, WorkSite
from fieldapp.services.field_errors import FieldErrors, validated
from fieldapp.services.form_parsing import AddressText, read_address, read_id


@dataclass(frozen=True)
class SiteValues:
    id: str = ""
    """Empty for a site added on this form; it gets its id when saved."""
    name: str = ""
    address: AddressText = field(default_factory=AddressText)


@dataclass(frozen=True)
class ContactValues:
    id: str = ""
    name: str = ""
    role: str = ContactRole.MANAGER.value
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class EmployerFormValues:
    name: str = ""
    kind: str = EmployerKind.REGULAR.value
    kvk: str = ""
    sites: tuple[SiteValues, ...] = ()
    contacts: tuple[ContactValues, ...] = ()

    def with_(self, **changes: object) -> EmployerFormValues:
        return replace(self, **changes)  # type: ignore[arg-type]


def values_of(employer: Employer) -> EmployerFormValues:
    return EmployerFormValues(
        name=employer.name,
        kind=employer.kind.value,
        kvk=employer.kvk or "",
        sites=tuple(
            SiteValues(
                id=str(site.id),
                name=site.name,
                address=AddressText(
                    site.address.postcode,
                    str(site.address.house_number),
                    site.address.house_number_addition,
                    site.address.street,
                    site.address.city,
                )
                if site.address
                else AddressText(),
            )
            for site in employer.sites
        ),
        contacts=tuple(
            ContactValues(str(c.id), c.name, c.role.value, c.phone, c.email)
            for c in employer.contacts
        ),
    )


@dataclass(frozen=True)
class EmployerResult:
    employer: Employer | None
    errors: FieldErrors


def _prefixed(errors: FieldErrors, prefix: str) -> FieldErrors:
    return {f"{prefix}{name}": problem for name, problem in errors.items()}


def _site(values: SiteValues, index: int, errors: FieldErrors) -> WorkSite | None:
    prefix = f"sites.{index}."
    read: FieldErrors = {}
    address = read_address(values.address, read)
    data = {"id": read_id(values.id) or uuid4(), "name": values.name, "address": address}
    site, problems = validated(WorkSite, data, read)
    errors.update(_prefixed(problems, prefix))
    return site


def _contact(values: ContactValues, index: int, errors: FieldErrors) -> ContactPerson | None:
    data = {
        "id": read_id(values.id) or uuid4(),
        "name": values.name,
        "role": values.role,
        "phone": values.phone,
        "email": values.email,
    }
    contact, problems = validated(ContactPerson, data, {})
    errors.update(_prefixed(problems, f"contacts.{index}."))
    return contact


def build_employer(
    values: EmployerFormValues, existing: Employer | None, now: datetime
) -> EmployerResult:
    """A new employer, or the next edit of ``existing`` (the register numbers the version)."""
    errors: FieldErrors = {}
    sites = [_site(site, index, errors) for index, site in enumerate(values.sites)]
    contacts = [_contact(person, index, errors) for index, person in enumerate(values.contacts)]
    data: dict[str, object] = {
        "id": existing.id if existing else uuid4(),
        "name": values.name,
        "kind": values.kind,
        "kvk": values.kvk,
        "sites": [site for site in sites if site is not None],
        "contacts": [person for person in contacts if person is not None],
        "updated_at": now,
        "version": existing.version if existing else 1,
    }
    employer, problems = validated(Employer, data, errors)
    return EmployerResult(employer, problems)


def new_site() -> SiteValues:
    """An empty site group, with its id fixed now so edits before saving keep to it."""
    return SiteValues(id=str(uuid4()))


def new_contact() -> ContactValues:
    return ContactValues(id=str(uuid4()))
