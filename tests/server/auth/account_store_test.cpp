// AccountStore on SQLite (auth/account_store.h): email uniqueness, organisation isolation,
// refresh token bookkeeping and the audit log.
#include "auth/account_store.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "server_test_util.h"
#include "test_database.h"

using stocktake::Code;
using stocktake::server::AccountStore;
using stocktake::server::AuditEntry;
using stocktake::server::DefaultDatabaseUrl;
using stocktake::server::OpenStorage;
using stocktake::server::Organisation;
using stocktake::server::RefreshTokenRecord;
using stocktake::server::Role;
using stocktake::server::SqlDatabase;
using stocktake::server::User;
using stocktake::server::testing::TempDir;

namespace {

struct Fixture {
    stocktake::server::testing::TestDatabase database;
    std::unique_ptr<SqlDatabase> db;
    std::unique_ptr<AccountStore> store;

    // A fresh database on each backend the tests run on (test_database.h).
    Fixture()
        : database(GENERATE(from_range(stocktake::server::testing::TestBackends()))),
          db(database.Open(2)),
          store(std::make_unique<AccountStore>(*db)) {}

    AuditEntry Audit() const { return AuditEntry{"", "", "test", "", "", "127.0.0.1", "{}"}; }

    Organisation Org(const std::string& name) {
        auto org = store->CreateOrganisation(name, Audit());
        REQUIRE(org.ok());
        return *org;
    }

    stocktake::Result<User> Add(const std::string& org_id, const std::string& email,
                                std::vector<Role> roles = {Role::kStaff}) {
        User user;
        user.org_id = org_id;
        user.email = email;
        user.password_hash = "pbkdf2-sha256$1$AAAA$AAAA";
        user.roles = std::move(roles);
        return store->AddUser(user, Audit());
    }
};

}  // namespace

TEST_CASE("emails are stored lowercased and unique whatever their case", "[server][auth][store]") {
    Fixture f;
    const Organisation a = f.Org("A");
    const Organisation b = f.Org("B");
    auto added = f.Add(a.id, "  Ann@Example.COM ");
    REQUIRE(added.ok());
    CHECK(added->email == "ann@example.com");
    CHECK(added->id.size() == 32);

    auto same = f.Add(a.id, "ann@example.com");
    REQUIRE_FALSE(same.ok());
    CHECK(same.status().code() == Code::kAlreadyExists);
    // One email names one account, in any organisation.
    auto elsewhere = f.Add(b.id, "ANN@example.com");
    REQUIRE_FALSE(elsewhere.ok());
    CHECK(elsewhere.status().code() == Code::kAlreadyExists);

    auto found = f.store->FindUserByEmail("ANN@EXAMPLE.com");
    REQUIRE(found.ok());
    CHECK(found->id == added->id);
    CHECK(f.store->FindUserByEmail("nobody@example.com").status().code() == Code::kNotFound);
}

TEST_CASE("a user of one organisation never sees another's users", "[server][auth][store]") {
    Fixture f;
    const Organisation a = f.Org("A");
    const Organisation b = f.Org("B");
    auto ann = f.Add(a.id, "ann@a.test", {Role::kOwner});
    auto bob = f.Add(b.id, "bob@b.test", {Role::kManager, Role::kStaff});
    REQUIRE(ann.ok());
    REQUIRE(bob.ok());

    auto a_users = f.store->ListUsers(a.id);
    REQUIRE(a_users.ok());
    REQUIRE(a_users->size() == 1);
    CHECK((*a_users)[0].email == "ann@a.test");
    CHECK((*a_users)[0].roles == std::vector<Role>{Role::kOwner});

    CHECK(f.store->FindUser(a.id, bob->id).status().code() == Code::kNotFound);
    auto bob_in_b = f.store->FindUser(b.id, bob->id);
    REQUIRE(bob_in_b.ok());
    CHECK(bob_in_b->roles == std::vector<Role>{Role::kManager, Role::kStaff});

    // Disabling through the wrong organisation finds nobody and changes nothing.
    CHECK(f.store->DisableUser(a.id, "bob@b.test", f.Audit()).status().code() == Code::kNotFound);
    CHECK_FALSE(f.store->FindUser(b.id, bob->id)->disabled);
    CHECK(f.store->ListUsers("no-such-org").status().code() == Code::kNotFound);
    CHECK(f.Add("no-such-org", "c@c.test").status().code() == Code::kNotFound);
}

TEST_CASE("registering makes an organisation with one owner, audited", "[server][auth][store]") {
    Fixture f;
    User owner;
    owner.email = "Owner@Shop.test";
    owner.password_hash = "h";
    auto created = f.store->CreateOrganisationWithOwner("Shop", owner, f.Audit());
    REQUIRE(created.ok());
    CHECK(created->roles == std::vector<Role>{Role::kOwner});
    CHECK(f.store->FindOrganisation(created->org_id)->name == "Shop");
    auto audit = f.store->ListAudit(created->org_id, 10);
    REQUIRE(audit.ok());
    std::vector<std::string> actions;
    for (const AuditEntry& e : *audit) actions.push_back(e.action);
    std::sort(actions.begin(), actions.end());
    CHECK(actions == std::vector<std::string>{"org_create", "register"});
    CHECK((*audit)[0].address == "127.0.0.1");

    // A taken email leaves no half-made organisation behind.
    auto again = f.store->CreateOrganisationWithOwner("Shop 2", owner, f.Audit());
    CHECK(again.status().code() == Code::kAlreadyExists);
    auto count = f.db->WithConnection([](stocktake::server::SqlConnection& c) {
        auto rows = c.Exec("SELECT COUNT(*) FROM organisations");
        REQUIRE(rows.ok());
        CHECK(rows->Int(0, 0) == 1);
        return stocktake::Status::Ok();
    });
    CHECK(count.ok());
}

TEST_CASE("refresh tokens are taken once, and disabling a user revokes theirs",
          "[server][auth][store]") {
    Fixture f;
    const Organisation a = f.Org("A");
    auto ann = f.Add(a.id, "ann@a.test");
    REQUIRE(ann.ok());
    REQUIRE(
        f.store->SaveRefreshToken("hash-1", RefreshTokenRecord{ann->id, a.id, 1000, false}).ok());
    auto first = f.store->TakeRefreshToken("hash-1");
    REQUIRE(first.ok());
    CHECK_FALSE(first->revoked);
    CHECK(first->user_id == ann->id);
    CHECK(first->expires_at_ms == 1000);
    auto second = f.store->TakeRefreshToken("hash-1");
    REQUIRE(second.ok());
    CHECK(second->revoked);
    CHECK(f.store->TakeRefreshToken("unknown").status().code() == Code::kNotFound);

    REQUIRE(
        f.store->SaveRefreshToken("hash-2", RefreshTokenRecord{ann->id, a.id, 1000, false}).ok());
    CHECK(f.store->RevokeRefreshToken("other-org", ann->id, "hash-2").code() == Code::kNotFound);
    auto disabled = f.store->DisableUser(a.id, "ANN@a.test", f.Audit());
    REQUIRE(disabled.ok());
    CHECK(disabled->disabled);
    CHECK(f.store->TakeRefreshToken("hash-2")->revoked);
    auto audit = f.store->ListAudit(a.id, 10);
    REQUIRE(audit.ok());
    auto entry = std::find_if(audit->begin(), audit->end(),
                              [](const AuditEntry& e) { return e.action == "user_disable"; });
    REQUIRE(entry != audit->end());
    CHECK(entry->target == "ann@a.test");
    CHECK(entry->actor == "test");
}
