// Helpers shared by the engine tests: fixtures, temporary database files, lookups.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "stocktake/engine/engine.h"

namespace stocktake::engine::testing {

inline std::string ReadFixture(const std::string& relative_path) {
    std::ifstream in(std::string(ST_FIXTURES) + "/" + relative_path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A database file path unique to this test, build and process (test runs of several
// build trees may share the machine); removed on construction and
// destruction. Under node every wasm process's getpid() is 42: a random number per
// process tells two concurrent runs apart there.
class TempDbFile {
  public:
    explicit TempDbFile(const std::string& name) {
#ifdef __EMSCRIPTEN__
        const char* build = "wasm";
#else
        const char* build = "native";
#endif
        path_ = (std::filesystem::temp_directory_path() /
                 ("stocktake_engine_test_" + name + "_" + build + "_" + std::to_string(::getpid()) +
                  "_" + ProcessTag() + ".db"))
                    .string();
        Remove();
    }
    ~TempDbFile() {
        Remove();
    }
    const std::string& path() const {
        return path_;
    }

  private:
    // Drawn once per process, so every TempDbFile of a test run shares it.
    static const std::string& ProcessTag() {
        static const std::string tag = std::to_string(std::random_device{}());
        return tag;
    }

    void Remove() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
        std::filesystem::remove(path_ + "-journal", ignored);
    }
    std::string path_;
};

inline std::unique_ptr<Engine> OpenOrDie(const std::string& path = ":memory:") {
    Result<std::unique_ptr<Engine>> engine = Engine::Open(path);
    if (!engine.ok()) {
        std::fprintf(stderr, "Engine::Open(%s): %s\n", path.c_str(),
                     engine.status().ToString().c_str());
        std::abort();
    }
    return std::move(engine.value());
}

// A movement to record: the engine sets its id, time (when at is "") and position.
inline Movement Move(const std::string& sku, const std::string& location, int64_t delta,
                     MovementKind kind, const std::string& at = "") {
    Movement m;
    m.sku = sku;
    m.location = location;
    m.delta = delta;
    m.kind = kind;
    m.occurred_at = at;
    return m;
}

inline std::vector<ListingRow> AllListings(const Engine& engine) {
    Result<std::vector<ListingRow>> rows = engine.Listings(ListingQuery{});
    return rows.ok() ? rows.value() : std::vector<ListingRow>{};
}

inline std::optional<ListingRow> FindListing(const Engine& engine, const std::string& sku) {
    for (ListingRow& row : AllListings(engine)) {
        if (row.sku == sku) return row;
    }
    return std::nullopt;
}

inline std::vector<std::string> Skus(const std::vector<ListingRow>& rows) {
    std::vector<std::string> skus;
    for (const ListingRow& row : rows) skus.push_back(row.sku);
    return skus;
}

// Checks that two reads of the catalogue hold the same listings, field by field (an import
// that failed, or that re-applied what was stored, must leave every value as it was).
inline void CheckSameListings(const std::vector<ListingRow>& after,
                              const std::vector<ListingRow>& before) {
    REQUIRE(after.size() == before.size());
    for (size_t i = 0; i < after.size(); ++i) {
        CAPTURE(i, before[i].sku);
        CHECK(after[i].sku == before[i].sku);
        CHECK(after[i].name == before[i].name);
        CHECK(after[i].channel == before[i].channel);
        CHECK(after[i].marketplace == before[i].marketplace);
        CHECK(after[i].listing_id == before[i].listing_id);
        CHECK(after[i].asin == before[i].asin);
        CHECK(after[i].price_minor == before[i].price_minor);
        CHECK(after[i].quantity == before[i].quantity);
        CHECK(after[i].fulfillment == before[i].fulfillment);
        CHECK(after[i].status == before[i].status);
        CHECK(after[i].opened_at == before[i].opened_at);
    }
}

// The lines of text, each without its CR (a last line without LF included).
inline std::vector<std::string> SplitLines(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

// Tab-joins fields into one line.
inline std::string Tsv(const std::vector<std::string>& fields) {
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += '\t';
        line += fields[i];
    }
    return line;
}

}  // namespace stocktake::engine::testing
