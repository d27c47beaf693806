"""Accounts: argon2 hashes, one-time passwords, lockout after repeated failures."""
from __future__ import annotations

import datetime as dt

import pytest

from inbox.errors import AccountGeblokkeerd, NietGeauthenticeerd, Ongeldig
from inbox.services import users


def test_a_new_account_logs_in_with_its_one_time_password(Session):
    with Session() as s:
        user, password = users.create_user(s, "Anna", "toegang")
        assert user.password_hash.startswith("$argon2") and password not in user.password_hash
        assert users.authenticate(s, "anna", password).username == "anna"


def test_frontteam_accounts_need_a_frontteam(Session):
    with Session() as s, pytest.raises(Ongeldig) as err:
        users.create_user(s, "fred", "frontteam", team="backoffice")
    assert "team" in err.value.velden


def test_duplicate_usernames_are_refused(Session):
    with Session() as s:
        users.create_user(s, "anna", "toegang")
        with pytest.raises(Ongeldig):
            users.create_user(s, "anna", "beheerder")


def test_five_wrong_passwords_lock_the_account_for_a_while(Session):
    now = dt.datetime.now(dt.timezone.utc)
    with Session() as s:
        _, password = users.create_user(s, "anna", "toegang")
        for _ in range(5):
            with pytest.raises(NietGeauthenticeerd):
                users.authenticate(s, "anna", "fout", now=now)
        with pytest.raises(AccountGeblokkeerd):
            users.authenticate(s, "anna", password, now=now)
        assert users.authenticate(s, "anna", password, now=now + dt.timedelta(minutes=16)).failed_logins == 0


def test_unknown_and_deactivated_users_get_the_same_answer(Session):
    with Session() as s:
        user, password = users.create_user(s, "anna", "toegang")
        users.deactivate_user(s, user.id, wie="bea")
        for name, pw in (("anna", password), ("niemand", "x")):
            with pytest.raises(NietGeauthenticeerd) as err:
                users.authenticate(s, name, pw)
            assert err.value.fout == "Gebruikersnaam of wachtwoord onjuist."


def test_changing_the_password_needs_the_old_one(Session):
    with Session() as s:
        user, password = users.create_user(s, "anna", "toegang")
        uid = user.id  # a failed use case rolls back, which expires loaded objects
        with pytest.raises(Ongeldig):
            users.change_password(s, uid, "fout", "een-lang-nieuw-wachtwoord")
        users.change_password(s, uid, password, "een-lang-nieuw-wachtwoord")
        assert not users.authenticate(s, "anna", "een-lang-nieuw-wachtwoord").must_change_password


def test_only_active_toegang_and_frontteam_accounts_can_be_assigned(Session):
    with Session() as s:
        users.create_user(s, "zoe", "toegang")
        users.create_user(s, "bram", "frontteam", team="frontteam_neede")
        users.create_user(s, "beheer", "beheerder")
        weg, _ = users.create_user(s, "anna", "toegang")
        users.deactivate_user(s, weg.id, wie="beheer")
        assert [g.username for g in users.assignable_users(s)] == ["bram", "zoe"]
