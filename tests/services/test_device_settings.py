"""The device's settings: each change validated and saved at once, read back after a restart,
and the records earlier versions wrote still read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from fieldapp.domain.device_settings import DEFAULT_SYNC_TIMEOUT_SECONDS, DeviceSettings
from fieldapp.services.device_settings import DeviceSettingsService
from fieldapp.storage.device_settings import APP_KIND, PARTITION, SYNC_KIND, DeviceSettingsStore
from fieldapp.storage.store import EncryptedStore


def test_each_change_is_kept_and_the_others_stay(store: EncryptedStore) -> None:
    service = DeviceSettingsService(DeviceSettingsStore(store))
    assert service.load() == DeviceSettings()
    service.choose_language("tr")
    service.lock_after(3)
    service.give_up_sync_after(90)
    again = DeviceSettingsService(DeviceSettingsStore(store)).load()
    assert again == DeviceSettings(language="tr", auto_lock_minutes=3, sync_timeout_seconds=90)


@pytest.mark.parametrize(
    ("change", "value"), [("lock_after", 0), ("lock_after", 61), ("give_up_sync_after", 601)]
)
def test_a_value_out_of_range_is_refused_and_nothing_changes(
    store: EncryptedStore, change: str, value: int
) -> None:
    service = DeviceSettingsService(DeviceSettingsStore(store))
    service.lock_after(7)
    with pytest.raises(ValidationError):
        getattr(service, change)(value)
    assert service.load() == DeviceSettings(auto_lock_minutes=7)


def test_the_records_earlier_versions_wrote_are_read(store: EncryptedStore) -> None:
    store.commit(
        PARTITION,
        [
            {"kind": APP_KIND, "id": APP_KIND, "data": {"language": "pl", "auto_lock_minutes": 2}},
            {"kind": SYNC_KIND, "id": SYNC_KIND, "data": {"timeout_seconds": 12}},
        ],
    )
    loaded = DeviceSettingsStore(store).load()
    assert loaded == DeviceSettings(language="pl", auto_lock_minutes=2, sync_timeout_seconds=12)
    DeviceSettingsStore(store).save(loaded.model_copy(update={"language": "ar"}))
    sync = store.get(PARTITION, SYNC_KIND, SYNC_KIND)
    assert sync is not None and sync["data"] == {"timeout_seconds": 12}
    assert DEFAULT_SYNC_TIMEOUT_SECONDS != 12
