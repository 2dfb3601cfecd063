// Created ops (sync/records.h): a first import's ops are stored without their payloads,
// which their records give back while nothing has changed them. Whatever changes such a
// record first must leave the op exactly as it was sent before: the payload the import made.
#include <algorithm>
#include <catch2/catch.hpp>

#include "engine/db_rows.h"
#include "engine/test_util.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/db.h"
#include "sync/field_clocks.h"

namespace stocktake::engine {
namespace {

using nlohmann::json;
using testing::OpenOrDie;
using testing::ReadFixture;
using testing::TempDbFile;

// Payloads stored: an op's own row's, or kept for an op of a run (store/sync_repo.h).
constexpr const char* kStoredPayloads =
    "SELECT (SELECT count(*) FROM local_ops WHERE payload <> '' AND first_seq IS NULL) +"
    " (SELECT count(*) FROM local_op_payloads)";

// The keys of the ops among sent whose payloads are stored, sorted, one a line.
std::string KeysWithStoredPayloads(const std::string& path, const std::vector<Op>& sent) {
    const std::string seqs = testing::FileRows(
        path,
        "SELECT seq FROM local_ops WHERE payload <> '' AND first_seq IS NULL AND seq <= " +
            std::to_string(sent.back().seq) +
            " UNION ALL SELECT seq FROM local_op_payloads WHERE seq <= " +
            std::to_string(sent.back().seq),
        1);
    std::vector<std::string> keys;
    size_t start = 0;
    while (start < seqs.size()) {
        const size_t end = seqs.find('\n', start);
        const int64_t seq = std::stoll(seqs.substr(start, end - start));
        REQUIRE(sent[static_cast<size_t>(seq - 1)].seq == seq);
        keys.push_back(nlohmann::json(sent[static_cast<size_t>(seq - 1)].key).dump());
        start = end + 1;
    }
    std::sort(keys.begin(), keys.end());
    std::string text;
    for (const std::string& key : keys) text += key + "\n";
    return text;
}

const Op* FindOp(const std::vector<Op>& ops, const std::string& entity, const std::string& sku) {
    for (const Op& op : ops) {
        if (op.entity == entity && op.key[0] == sku) return &op;
    }
    return nullptr;
}

// An op of another device, an hour from now, applied to engine.
Op ApplyRemoteOp(Engine& engine, std::string entity, std::vector<std::string> key, json payload) {
    Op remote;
    remote.device = std::string(32, 'c');
    remote.seq = 1;
    remote.hlc = static_cast<uint64_t>(NowUnixMillis() + 3'600'000) << 16;
    remote.entity = std::move(entity);
    remote.key = std::move(key);
    remote.payload = std::move(payload);
    const std::vector<OpOutcome> outcomes = engine.ApplyOps({remote}).value();
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].state == OpOutcome::State::kApplied);
    return remote;
}

// Imports file again with YOGA-PRO-6's price and name changed.
void ImportChanged(Engine& engine, const std::string& file) {
    std::string changed = file;
    const size_t price = changed.find("32.5");
    REQUIRE(price != std::string::npos);
    changed.replace(price, 4, "33.5");
    const size_t name = changed.find("Yoga Mat");
    REQUIRE(name != std::string::npos);
    changed.replace(name, 4, "Yogi");
    REQUIRE(engine.ImportFile("listings again.txt", changed).ok());
}

// Every op sent before is read back the same, field for field.
void CheckReadAsSent(const std::vector<Op>& read, const std::vector<Op>& sent) {
    REQUIRE(read.size() >= sent.size());
    for (size_t i = 0; i < sent.size(); ++i) {
        CHECK(read[i].seq == sent[i].seq);
        CHECK(read[i].hlc == sent[i].hlc);
        CHECK(read[i].key == sent[i].key);
        CHECK(read[i].payload == sent[i].payload);
    }
}

// A device that received the first ops sent, then remote, then the rest of after, ends
// with the records of the device at path.
void CheckReceiverAgrees(const std::string& path, const std::vector<Op>& sent, const Op& remote,
                         const std::vector<Op>& after) {
    TempDbFile receiver("created_ops_receiver_of_changes");
    std::unique_ptr<Engine> other = OpenOrDie(receiver.path());
    REQUIRE(other->ApplyOps(sent).ok());
    REQUIRE(other->ApplyOps({remote}).ok());
    REQUIRE(other->ApplyOps({after.begin() + static_cast<std::ptrdiff_t>(sent.size()), after.end()})
                .ok());
    CHECK(testing::CatalogRecords(path) == testing::CatalogRecords(receiver.path()));
}

TEST_CASE("a first import's ops are stored without payloads and sent with them", "[engine][sync]") {
    TempDbFile importer("created_ops_importer");
    std::unique_ptr<Engine> engine = OpenOrDie(importer.path());
    Result<ImportReport> report =
        engine->ImportFile("listings.txt", ReadFixture("amazon/all_listings_us_cp1252.txt"));
    REQUIRE(report.ok());
    REQUIRE(report->created >= 4);

    const std::vector<Op> ops = engine->LocalOps(0, 1000).value();
    REQUIRE(ops.size() == static_cast<size_t>(2 * report->created));
    CHECK(testing::FileRows(importer.path(), kStoredPayloads, 1) == "0\n");
    // What the file said, and nothing it left empty.
    const Op* mug = FindOp(ops, "product", "MUG-12-WHT");
    REQUIRE(mug != nullptr);
    CHECK(mug->payload["name"] == "Café Mug 12oz White");
    CHECK(mug->payload["description"] == "Stoneware mug, dishwasher safe");
    CHECK(mug->payload.count("brand") == 0);
    const Op* mug_listing = FindOp(ops, "listing", "MUG-12-WHT");
    REQUIRE(mug_listing != nullptr);
    CHECK(mug_listing->payload["asin"] == "B07XJ8C8F5");
    CHECK(mug_listing->payload["price_minor"] == 1569);
    CHECK(mug_listing->payload["quantity"] == 14);
    CHECK(mug_listing->payload.count("fulfillment") == 0);  // merchant: the fallback
    for (const Op& op : ops) {
        CHECK(op.payload.is_object());
        CHECK(!op.payload.empty());
    }

    // A receiver of those ops has the same records.
    TempDbFile receiver("created_ops_receiver");
    std::unique_ptr<Engine> other = OpenOrDie(receiver.path());
    REQUIRE(other->ApplyOps(ops).ok());
    CHECK(testing::CatalogRecords(importer.path()) == testing::CatalogRecords(receiver.path()));
}

TEST_CASE("changing an imported record keeps the payload its op was sent with", "[engine][sync]") {
    TempDbFile importer("created_ops_changed");
    std::unique_ptr<Engine> engine = OpenOrDie(importer.path());
    const std::string file = ReadFixture("amazon/all_listings_us_cp1252.txt");
    REQUIRE(engine->ImportFile("listings.txt", file).ok());
    const std::vector<Op> sent = engine->LocalOps(0, 1000).value();

    // A local edit, a local deletion, another device's op, and a later import that changes
    // a price and a name: each changes a record whose op had no stored payload.
    ProductEdit edit;
    edit.sku = "MUG-12-WHT";
    edit.name = "Mug, renamed here";
    edit.brand = "Acme";
    REQUIRE(engine->SaveProduct(edit).ok());
    REQUIRE(engine->DeleteProduct("NONAME-001").ok());
    const Op remote = ApplyRemoteOp(*engine, "product", {"THROW-UBER-GRY"},
                                    {{"description", "from another device"}});
    ImportChanged(*engine, file);

    const std::vector<Op> after = engine->LocalOps(0, 1000).value();
    REQUIRE(after.size() > sent.size());
    CheckReadAsSent(after, sent);
    CHECK(FindOp(after, "product", "YOGA-PRO-6")->payload["name"] == "Yoga Mat \"Pro 6mm");
    // Only the ops of the changed records had to store their payloads.
    CHECK(KeysWithStoredPayloads(importer.path(), sent) ==
          "[\"MUG-12-WHT\"]\n"
          "[\"NONAME-001\",\"amazon\",\"\"]\n"
          "[\"NONAME-001\"]\n"
          "[\"THROW-UBER-GRY\"]\n"
          "[\"YOGA-PRO-6\",\"amazon\",\"\"]\n"
          "[\"YOGA-PRO-6\"]\n");

    CheckReceiverAgrees(importer.path(), sent, remote, after);
}

// Rewrites the created clocks of the records that sent's ops created (of products only, or
// of every table) as builds before migration 21 stored them: the clock's text, with the
// device id, in created_clock. With every table, also takes migration 21 back, so that the
// next open applies it to a database as those builds left it.
void WriteTextClocks(const std::string& path, const std::vector<Op>& sent, bool every_table) {
    Result<std::unique_ptr<Db>> db = Db::Open(path);
    REQUIRE(db.ok());
    for (const Op& op : sent) {
        if (!every_table && op.entity != "product") continue;
        const std::string table = op.entity == "product" ? "products" : "listings";
        Result<Statement> stmt = db.value()->Prepare(
            "UPDATE " + table + " SET created_clock = ?1, created_hlc = 0 WHERE created_hlc = ?2");
        REQUIRE(stmt.ok());
        const std::string clock = ClockOf(op.hlc, op.device);  // bound, not copied
        stmt->BindText(1, clock);
        stmt->BindInt64(2, static_cast<int64_t>(op.hlc));
        REQUIRE(stmt->Run().ok());
    }
    if (!every_table) return;
    REQUIRE(db.value()
                ->Exec("ALTER TABLE products DROP COLUMN created_hlc;"
                       "ALTER TABLE listings DROP COLUMN created_hlc;"
                       "ALTER TABLE vendor_prices DROP COLUMN created_hlc;"
                       "DELETE FROM schema_migrations WHERE version = 21;")
                .ok());
}

TEST_CASE("records created before migration 21 give and keep their payloads like later ones",
          "[engine][sync]") {
    // true: a database as builds before migration 21 left it, every created clock a text;
    // false: the products' clocks texts, the listings' their times (as a first import
    // writes them now).
    const bool every_table = GENERATE(true, false);
    TempDbFile importer("created_ops_text_clocks");
    const std::string file = ReadFixture("amazon/all_listings_us_cp1252.txt");
    std::vector<Op> sent;
    {
        std::unique_ptr<Engine> engine = OpenOrDie(importer.path());
        REQUIRE(engine->ImportFile("listings.txt", file).ok());
        sent = engine->LocalOps(0, 1000).value();
    }
    REQUIRE(!sent.empty());
    // A first import stores each created clock as its op's time alone.
    for (const Op& op : sent) {
        const std::string table = op.entity == "product" ? "products" : "listings";
        CHECK(testing::FileRows(importer.path(),
                                "SELECT sku, created_clock FROM " + table +
                                    " WHERE created_hlc = " + std::to_string(op.hlc),
                                2) == op.key[0] + "|\n");
    }
    const auto products = std::to_string(std::count_if(
        sent.begin(), sent.end(), [](const Op& op) { return op.entity == "product"; }));
    const std::string listings = std::to_string(sent.size() - std::stoul(products));
    WriteTextClocks(importer.path(), sent, every_table);
    std::unique_ptr<Engine> engine = OpenOrDie(importer.path());
    CHECK(testing::FileRows(importer.path(),
                            "SELECT name FROM schema_migrations WHERE version = 21",
                            1) == "created_clock_times\n");
    CHECK(testing::FileRows(importer.path(),
                            "SELECT count(*) FROM products WHERE created_clock <> ''"
                            " UNION ALL SELECT count(*) FROM listings WHERE created_clock <> ''"
                            " UNION ALL SELECT count(*) FROM products WHERE created_hlc <> 0"
                            " UNION ALL SELECT count(*) FROM listings WHERE created_hlc <> 0",
                            1) ==
          products + "\n" + (every_table ? listings + "\n0\n0\n" : "0\n0\n" + listings + "\n"));

    // Both kinds give the payloads back as the import sent them.
    Result<std::vector<Op>> read_ops = engine->LocalOps(0, 1000);
    INFO(read_ops.status().message());
    REQUIRE(read_ops.ok());
    REQUIRE(read_ops->size() == sent.size());
    CheckReadAsSent(read_ops.value(), sent);

    // Changes to records of both kinds: a local edit (a product), another device's op (a
    // listing), a later import (a listing's price, a product's name).
    ProductEdit edit;
    edit.sku = "MUG-12-WHT";
    edit.name = "Mug, renamed here";
    REQUIRE(engine->SaveProduct(edit).ok());
    const Op remote =
        ApplyRemoteOp(*engine, "listing", {"THROW-UBER-GRY", "amazon", ""}, {{"quantity", 7}});
    ImportChanged(*engine, file);

    const std::vector<Op> after = engine->LocalOps(0, 1000).value();
    REQUIRE(after.size() > sent.size());
    CheckReadAsSent(after, sent);
    CHECK(KeysWithStoredPayloads(importer.path(), sent) ==
          "[\"MUG-12-WHT\"]\n"
          "[\"THROW-UBER-GRY\",\"amazon\",\"\"]\n"
          "[\"YOGA-PRO-6\",\"amazon\",\"\"]\n"
          "[\"YOGA-PRO-6\"]\n");

    CheckReceiverAgrees(importer.path(), sent, remote, after);
}

}  // namespace
}  // namespace stocktake::engine
