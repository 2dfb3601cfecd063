#include "import/format_detect.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/test_util.h"
#include "import/formats.h"
#include "import/supplier_price_sheet.h"

namespace stocktake::engine {
namespace {

using Header = std::vector<std::string>;

// A minimal splitter for the fixtures' lines: TAB-separated (one wrapping quote pair removed,
// as Amazon files need) or comma-separated with RFC 4180 quotes. The real reader lives
// elsewhere; this only has to read our own small fixtures.
std::vector<std::string> SplitLine(const std::string& line) {
    std::vector<std::string> cells;
    if (line.find('\t') != std::string::npos) {
        size_t start = 0;
        while (true) {
            const size_t tab = line.find('\t', start);
            std::string cell = line.substr(start, tab == std::string::npos ? tab : tab - start);
            if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
                cell = cell.substr(1, cell.size() - 2);
            }
            cells.push_back(cell);
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        return cells;
    }
    std::string cell;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.push_back(cell);
            cell.clear();
        } else {
            cell += c;
        }
    }
    cells.push_back(cell);
    return cells;
}

std::vector<std::vector<std::string>> FixtureLines(const std::string& name) {
    const std::string text = testing::ReadFixture("formats/" + name);
    std::vector<std::vector<std::string>> lines;
    for (const std::string& line : testing::SplitLines(text)) {
        if (!line.empty()) lines.push_back(SplitLine(line));
    }
    return lines;
}

Header FixtureHeader(const std::string& name) {
    const auto lines = FixtureLines(name);
    REQUIRE(!lines.empty());
    return lines[0];
}

const FormatCandidate* FindCandidate(const Detection& detection, const std::string& id) {
    for (const FormatCandidate& candidate : detection.candidates) {
        if (candidate.format_id == id) return &candidate;
    }
    return nullptr;
}

int FieldIndex(const FormatCandidate& candidate, const std::string& field) {
    const auto it = candidate.fields.find(field);
    return it == candidate.fields.end() ? -1 : it->second;
}

Header AllListingsHeader() {
    return FixtureHeader("amazon_all_listings.txt");
}

TEST_CASE("each fixture is recognised as its format with high confidence", "[format]") {
    struct Case {
        const char* file;
        const char* id;
    };
    const Case cases[] = {
        {"amazon_all_listings.txt", "amazon_all_listings"},
        {"amazon_active_listings.txt", "amazon_active_listings"},
        {"amazon_fba_manage_inventory.txt", "amazon_fba_manage_inventory"},
        {"amazon_fba_ledger_detail.txt", "amazon_fba_ledger_detail"},
        {"amazon_fba_ledger_summary.txt", "amazon_fba_ledger_summary"},
        {"amazon_restock.txt", "amazon_restock"},
        {"shopify_products.csv", "shopify_products"},
        {"shopify_inventory.csv", "shopify_inventory"},
        {"ebay_active_listings.csv", "ebay_active_listings"},
        {"shipstation_orders.csv", "shipstation_orders"},
        {"supplier_price_sheet.csv", "supplier_price_sheet"},
    };
    for (const Case& c : cases) {
        INFO(c.file);
        const auto lines = FixtureLines(c.file);
        REQUIRE(lines.size() >= 2);
        for (const auto& row : lines) CHECK(row.size() == lines[0].size());  // fixture sanity
        const Detection detection = DetectFormat(FixtureHeader(c.file));
        INFO(detection.reason);
        REQUIRE(detection.outcome == DetectOutcome::kRecognised);
        REQUIRE(!detection.candidates.empty());
        CHECK(detection.candidates[0].format_id == c.id);
        CHECK(detection.candidates[0].confidence >= 0.9);
        CHECK(detection.candidates[0].missing_required.empty());
        CHECK(detection.candidates[0].unrecognised_columns.empty());
        CHECK(FieldIndex(detection.candidates[0], "sku") >= 0);
        // Every other complete candidate is clearly behind.
        if (detection.candidates.size() > 1) {
            CHECK(detection.candidates[1].confidence <
                  detection.candidates[0].confidence - kTieMargin);
        }
    }
}

TEST_CASE("canonical fields point at the right columns", "[format]") {
    const Detection all = DetectFormat(AllListingsHeader());
    const FormatCandidate& listing = all.candidates[0];
    CHECK(FieldIndex(listing, "name") == 0);
    CHECK(FieldIndex(listing, "sku") == 3);
    CHECK(FieldIndex(listing, "price") == 4);
    CHECK(FieldIndex(listing, "quantity") == 5);
    CHECK(FieldIndex(listing, "asin") == 16);
    CHECK(FieldIndex(listing, "product_id") == 22);
    CHECK(FieldIndex(listing, "status") == 28);

    const Detection myi = DetectFormat(FixtureHeader("amazon_fba_manage_inventory.txt"));
    CHECK(FieldIndex(myi.candidates[0], "fnsku") == 1);
    CHECK(FieldIndex(myi.candidates[0], "quantity") == 10);  // afn-fulfillable-quantity
    CHECK(FieldIndex(myi.candidates[0], "mfn_fulfillable_quantity") == 7);

    const Detection restock = DetectFormat(FixtureHeader("amazon_restock.txt"));
    CHECK(FieldIndex(restock.candidates[0], "country") == 0);  // "Country/Region Code"
    CHECK(FieldIndex(restock.candidates[0], "recommended_quantity") == 26);

    const Detection shopify = DetectFormat(FixtureHeader("shopify_products.csv"));
    CHECK(FieldIndex(shopify.candidates[0], "gtin") == 24);
    CHECK(FieldIndex(shopify.candidates[0], "price") == 20);
}

TEST_CASE("Active and Inactive Listings headers tie and ask the user", "[format]") {
    const Detection detection = DetectFormat(FixtureHeader("amazon_inactive_listings.txt"));
    INFO(detection.reason);
    REQUIRE(detection.outcome == DetectOutcome::kAmbiguous);
    REQUIRE(detection.candidates.size() >= 2);
    const std::vector<std::string> top = {detection.candidates[0].format_id,
                                          detection.candidates[1].format_id};
    CHECK(std::count(top.begin(), top.end(), "amazon_active_listings") == 1);
    CHECK(std::count(top.begin(), top.end(), "amazon_inactive_listings") == 1);
    CHECK(detection.candidates[0].confidence < kRecognisedThreshold);
    CHECK(detection.candidates[0].confidence == Approx(detection.candidates[1].confidence));
    CHECK(detection.reason.find("cannot tell") != std::string::npos);
    // The user's override settles it either way.
    CHECK(
        BindFormat("amazon_inactive_listings", FixtureHeader("amazon_inactive_listings.txt")).ok());
    CHECK(BindFormat("amazon_active_listings", FixtureHeader("amazon_inactive_listings.txt")).ok());
}

TEST_CASE("All Listings is not mistaken for Active Listings", "[format]") {
    const Detection detection = DetectFormat(AllListingsHeader());
    const FormatCandidate* active = FindCandidate(detection, "amazon_active_listings");
    REQUIRE(active != nullptr);
    CHECK(active->confidence < 0.6);
    // And the 28-column header is not All Listings: status is required there.
    const Detection inactive = DetectFormat(FixtureHeader("amazon_inactive_listings.txt"));
    const FormatCandidate* all = FindCandidate(inactive, "amazon_all_listings");
    REQUIRE(all != nullptr);
    CHECK(all->missing_required == std::vector<std::string>{"status"});
}

TEST_CASE("column order does not matter", "[format]") {
    std::mt19937 random(42);
    for (const char* file : {"amazon_all_listings.txt", "amazon_fba_manage_inventory.txt",
                             "shopify_inventory.csv", "ebay_active_listings.csv"}) {
        INFO(file);
        const Header original = FixtureHeader(file);
        const Detection before = DetectFormat(original);
        for (int round = 0; round < 5; ++round) {
            Header shuffled = original;
            std::shuffle(shuffled.begin(), shuffled.end(), random);
            const Detection after = DetectFormat(shuffled);
            REQUIRE(after.outcome == DetectOutcome::kRecognised);
            CHECK(after.candidates[0].format_id == before.candidates[0].format_id);
            CHECK(after.candidates[0].confidence == Approx(before.candidates[0].confidence));
            // Fields follow their column, wherever it went.
            const int sku = FieldIndex(after.candidates[0], "sku");
            REQUIRE(sku >= 0);
            CHECK(shuffled[static_cast<size_t>(sku)] ==
                  original[static_cast<size_t>(FieldIndex(before.candidates[0], "sku"))]);
        }
    }
}

TEST_CASE("an inserted unknown column is tolerated and listed", "[format]") {
    // Amazon inserted columns mid-file without notice (formats.md 1.4).
    Header header = FixtureHeader("amazon_fba_manage_inventory.txt");
    header.insert(header.begin() + 5, "afn-fc-transfer-quantity");
    header.insert(header.begin() + 8, "surprise-column");
    const Detection detection = DetectFormat(header);
    REQUIRE(detection.outcome == DetectOutcome::kRecognised);
    const FormatCandidate& best = detection.candidates[0];
    CHECK(best.format_id == "amazon_fba_manage_inventory");
    CHECK(best.confidence > 0.9);
    CHECK(best.unrecognised_columns == std::vector<int>{8});
    CHECK(FieldIndex(best, "quantity") == 12);
    bool noted = false;
    for (const std::string& note : best.notes) {
        if (note.find("surprise-column") != std::string::npos) noted = true;
    }
    CHECK(noted);
}

TEST_CASE("trailing optional blocks keep full confidence", "[format]") {
    Header header = AllListingsHeader();
    header.push_back("Minimum order quantity");
    header.push_back("Sell remainder");
    const Detection detection = DetectFormat(header);
    REQUIRE(detection.outcome == DetectOutcome::kRecognised);
    CHECK(detection.candidates[0].format_id == "amazon_all_listings");
    CHECK(detection.candidates[0].confidence == Approx(1.0));
    CHECK(detection.candidates[0].unrecognised_columns.empty());

    Header shopify = FixtureHeader("shopify_products.csv");
    shopify.push_back("Price / South America");
    shopify.push_back("product.metafields.custom.material");
    const Detection markets = DetectFormat(shopify);
    CHECK(markets.candidates[0].format_id == "shopify_products");
    CHECK(markets.candidates[0].unrecognised_columns.empty());
}

TEST_CASE("a missing required column lowers confidence and is listed", "[format]") {
    Header header = FixtureHeader("amazon_fba_manage_inventory.txt");
    header.erase(header.begin());  // sku
    const Detection detection = DetectFormat(header);
    CHECK(detection.outcome == DetectOutcome::kNeedsMapping);
    const FormatCandidate* myi = FindCandidate(detection, "amazon_fba_manage_inventory");
    REQUIRE(myi != nullptr);
    CHECK(myi->confidence < kRecognisedThreshold);
    CHECK(myi->missing_required == std::vector<std::string>{"sku"});
    CHECK(detection.reason.find("sku") != std::string::npos);
    CHECK(detection.reason.find("Manage Inventory") != std::string::npos);
}

TEST_CASE("Chinese All Listings header is recognised with repeated names", "[format]") {
    // jlevers/selling-partner-api#525, via formats.md 1.3.
    const Header header = {"商品名称",     "商品描述",     "商品编码",
                           "卖家 SKU",     "价格",         "数量",
                           "开售日期",     "不适用项目",   "是否为商城中的商品",
                           "商品编码类型", "不适用项目",   "商品备注",
                           "商品状况",     "不适用项目",   "不适用项目",
                           "不适用项目",   "ASIN1",        "不适用项目",
                           "不适用项目",   "国际配送",     "加急配送",
                           "不适用项目",   "商品编码",     "不适用项目",
                           "添加-删除",    "等待购买数量", "配送渠道",
                           "卖家配送组",   "状态"};
    REQUIRE(header.size() == 29);
    const Detection detection = DetectFormat(header);
    INFO(detection.reason);
    REQUIRE(detection.outcome == DetectOutcome::kRecognised);
    const FormatCandidate& best = detection.candidates[0];
    CHECK(best.format_id == "amazon_all_listings");
    CHECK(best.confidence > 0.95);
    CHECK(FieldIndex(best, "listing_id") == 2);   // first 商品编码
    CHECK(FieldIndex(best, "product_id") == 22);  // second 商品编码
    CHECK(FieldIndex(best, "sku") == 3);
    CHECK(FieldIndex(best, "asin") == 16);
    CHECK(FieldIndex(best, "status") == 28);
    CHECK(best.unrecognised_columns.empty());
}

TEST_CASE("header names are normalised before matching", "[format]") {
    CHECK(NormalizeHeaderName("\xEF\xBB\xBF  Seller_SKU ") == "sellersku");
    CHECK(NormalizeHeaderName("seller-sku") == NormalizeHeaderName("Seller SKU"));
    CHECK(NormalizeHeaderName("Event Type") == NormalizeHeaderName("EventType"));
    CHECK(NormalizeHeaderName("\xC2\xA0Item - Qty\xE3\x80\x80") == "itemqty");
    CHECK(NormalizeHeaderName("卖家 SKU") == "卖家sku");
    CHECK(LooseHeaderName("  Order  -  Number ") == "order - number");

    Header header = AllListingsHeader();
    for (std::string& name : header) {
        for (char& c : name) {
            if (c == '-') c = '_';
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
    }
    header[0] = "\xEF\xBB\xBF" + header[0];
    const Detection detection = DetectFormat(header);
    CHECK(detection.outcome == DetectOutcome::kRecognised);
    CHECK(detection.candidates[0].format_id == "amazon_all_listings");
}

TEST_CASE("restock accepts both first-column names", "[format]") {
    Header header = FixtureHeader("amazon_restock.txt");
    header[0] = "Country";
    const Detection detection = DetectFormat(header);
    REQUIRE(detection.outcome == DetectOutcome::kRecognised);
    CHECK(detection.candidates[0].format_id == "amazon_restock");
    CHECK(FieldIndex(detection.candidates[0], "country") == 0);
}

TEST_CASE("Shopify's newer product header names are recognised", "[format]") {
    const Header header = {"Title",
                           "URL handle",
                           "Description",
                           "Vendor",
                           "Product category",
                           "Type",
                           "Tags",
                           "Published on online store",
                           "Status",
                           "SKU",
                           "Barcode",
                           "Option1 name",
                           "Option1 value",
                           "Price",
                           "Compare-at price",
                           "Charge tax",
                           "Inventory tracker",
                           "Inventory quantity",
                           "Continue selling when out of stock",
                           "Weight value (grams)",
                           "Requires shipping",
                           "Fulfillment service",
                           "Product image URL",
                           "Image position",
                           "Gift card",
                           "SEO title",
                           "SEO description",
                           "Included / International",
                           "Price / International",
                           "Compare-at price / International"};
    const Detection detection = DetectFormat(header);
    INFO(detection.reason);
    REQUIRE(detection.outcome == DetectOutcome::kRecognised);
    CHECK(detection.candidates[0].format_id == "shopify_products");
    CHECK(FieldIndex(detection.candidates[0], "handle") == 1);
    CHECK(FieldIndex(detection.candidates[0], "quantity") == 17);
    CHECK(detection.candidates[0].unrecognised_columns.empty());
}

TEST_CASE("the threshold separates a trimmed export from two lucky names", "[format]") {
    // A seller keeps only the columns they care about: still recognised.
    const Detection trimmed =
        DetectFormat({"Handle", "Title", "Variant SKU", "Variant Price", "Variant Inventory Qty"});
    REQUIRE(trimmed.outcome == DetectOutcome::kRecognised);
    CHECK(trimmed.candidates[0].format_id == "shopify_products");
    CHECK(trimmed.candidates[0].confidence >= kRecognisedThreshold);
    // Two matching names among unknown columns: asked, not guessed.
    const Detection lucky = DetectFormat({"Handle", "Title", "foo", "bar", "baz", "qux"});
    CHECK(lucky.outcome == DetectOutcome::kNeedsMapping);
    CHECK(lucky.candidates[0].format_id == "shopify_products");
    CHECK(lucky.candidates[0].confidence < kRecognisedThreshold);
    CHECK(lucky.reason.find("Shopify product export") != std::string::npos);
}

TEST_CASE("unknown headers need mapping, never a guess", "[format]") {
    const Detection generic = DetectFormat(FixtureHeader("generic_catalog.csv"));
    INFO(generic.reason);
    CHECK(generic.outcome == DetectOutcome::kNeedsMapping);
    REQUIRE(!generic.candidates.empty());
    const FormatCandidate& last = generic.candidates.back();
    CHECK(last.format_id == "generic_catalog");
    CHECK(last.confidence < kRecognisedThreshold);
    CHECK(FieldIndex(last, "sku") == 0);
    CHECK(FieldIndex(last, "name") == 1);
    CHECK(FieldIndex(last, "price") == 2);
    CHECK(FieldIndex(last, "quantity") == 3);
    CHECK(FieldIndex(last, "gtin") == 4);
    CHECK(last.unrecognised_columns == std::vector<int>{5});  // "Shelf" is listed, not dropped

    const Detection nonsense = DetectFormat({"foo", "bar", "baz"});
    CHECK(nonsense.outcome == DetectOutcome::kNeedsMapping);
    CHECK(nonsense.candidates.size() == 1);  // only the generic mapping
    CHECK(!nonsense.reason.empty());

    const Detection empty = DetectFormat({"", " "});
    CHECK(empty.outcome == DetectOutcome::kNeedsMapping);
    CHECK(DetectFormat({}).outcome == DetectOutcome::kNeedsMapping);
}

TEST_CASE("the user's override binds or lists what is missing", "[format]") {
    const Header header = FixtureHeader("shipstation_orders.csv");
    Result<FormatBinding> binding = BindFormat("shipstation_orders", header);
    REQUIRE(binding.ok());
    CHECK(binding->fields.at("order_number") == 0);
    CHECK(binding->fields.at("sku") == 6);
    CHECK(binding->fields.at("quantity") == 8);

    Result<FormatBinding> wrong = BindFormat("amazon_fba_ledger_detail", header);
    REQUIRE(!wrong.ok());
    CHECK(wrong.status().code() == Code::kInvalidArgument);
    for (const char* column : {"Date", "FNSKU", "MSKU", "EventType", "Quantity"}) {
        CHECK(wrong.status().message().find(column) != std::string::npos);
    }
    CHECK(BindFormat("no_such_format", header).status().code() == Code::kNotFound);
    CHECK(BindFormat("generic_catalog", header).status().code() == Code::kNotFound);
    for (const FormatDef& format : KnownFormats()) CHECK(FindFormat(format.id) == &format);
}

TEST_CASE("header signature ignores order but not content", "[format]") {
    const Header header = FixtureHeader("generic_catalog.csv");
    Header reversed(header.rbegin(), header.rend());
    const std::string signature = HeaderSignature(header);
    CHECK(signature.rfind("h1:", 0) == 0);
    CHECK(signature.size() == 19);
    CHECK(HeaderSignature(reversed) == signature);
    Header respelled = header;
    respelled[0] = " item_code ";
    CHECK(HeaderSignature(respelled) == signature);
    Header extra = header;
    extra.push_back("Colour");
    CHECK(HeaderSignature(extra) != signature);
    Header duplicated = header;
    duplicated.push_back(header[0]);
    CHECK(HeaderSignature(duplicated) != signature);
    CHECK(DetectFormat(header).signature == signature);
    // Stable across builds and releases: it is a stored key.
    CHECK(HeaderSignature({"sku"}) == HeaderSignature({"SKU"}));
    CHECK(HeaderSignature({"a", "b"}) != HeaderSignature({"ab"}));
}

TEST_CASE("column mappings round-trip through JSON and rebind", "[format]") {
    const Header header = FixtureHeader("generic_catalog.csv");
    Result<ColumnMapping> chosen =
        MappingFromIndices(header, {{"sku", 0}, {"name", 1}, {"quantity", 3}, {"category", 5}});
    REQUIRE(chosen.ok());
    const std::string json = ColumnMappingToJson(chosen.value());
    Result<ColumnMapping> parsed = ColumnMappingFromJson(json);
    REQUIRE(parsed.ok());
    CHECK(parsed.value() == chosen.value());

    // Reused on the same columns in another order.
    Header reordered = {header[5], header[3], header[1], header[0], header[2], header[4]};
    Result<FormatBinding> bound = BindMapping(parsed.value(), reordered);
    REQUIRE(bound.ok());
    CHECK(bound->format_id == "generic_catalog");
    CHECK(bound->fields.at("sku") == 3);
    CHECK(bound->fields.at("category") == 0);
    CHECK(bound->unrecognised_columns == std::vector<int>{4, 5});

    // Repeated names bind by occurrence.
    const Header repeated = {"code", "name", "code"};
    Result<ColumnMapping> second = MappingFromIndices(repeated, {{"sku", 2}});
    REQUIRE(second.ok());
    CHECK(second->fields.at("sku").occurrence == 2);
    CHECK(BindMapping(second.value(), repeated)->fields.at("sku") == 2);

    // A mapping that no longer fits says why.
    Result<FormatBinding> misfit = BindMapping(parsed.value(), {"Item Code", "Title"});
    REQUIRE(!misfit.ok());
    CHECK(misfit.status().message().find("Product Title") != std::string::npos);
    CHECK(!BindMapping(ColumnMapping{}, header).ok());

    CHECK(!MappingFromIndices(header, {{"sku", 99}}).ok());
    CHECK(!MappingFromIndices(header, {{"colour", 0}}).ok());
    CHECK(!ColumnMappingFromJson("{not json").ok());
    CHECK(!ColumnMappingFromJson("[]").ok());
    CHECK(!ColumnMappingFromJson(R"({"version":2,"fields":{}})").ok());
    CHECK(!ColumnMappingFromJson(R"({"version":1,"fields":{"colour":{"column":"x"}}})").ok());
    CHECK(!ColumnMappingFromJson(R"({"version":1,"fields":{"sku":{"column":3}}})").ok());
    CHECK(!ColumnMappingFromJson(R"({"version":1,"fields":{"sku":""}})").ok());
    // A bare string is the column, in the saved form and in the short form people write.
    const ColumnMapping short_form = ColumnMappingFromJson(R"({"sku":"Item Code"})").value();
    CHECK(short_form.fields.at("sku").column == "Item Code");
    CHECK(ColumnMappingFromJson(R"({"version":1,"fields":{"sku":"Item Code"}})").value() ==
          short_form);
    CHECK(!ColumnMappingFromJson(R"({"version":1,"fields":{"sku":{"column":"a","occurrence":0}}})")
               .ok());
    Result<ColumnMapping> defaulted =
        ColumnMappingFromJson(R"({"version":1,"fields":{"sku":{"column":"Item Code"}}})");
    REQUIRE(defaulted.ok());
    CHECK(defaulted->fields.at("sku").occurrence == 1);
}

TEST_CASE("supplier price rows are validated per column", "[format]") {
    const auto lines = FixtureLines("supplier_price_sheet.csv");
    REQUIRE(lines.size() == 3);
    Result<FormatBinding> binding = BindFormat("supplier_price_sheet", lines[0]);
    REQUIRE(binding.ok());

    SupplierRowResult first = ValidateSupplierPriceRow(binding.value(), lines[1]);
    REQUIRE(first.errors.empty());
    REQUIRE(first.row.has_value());
    CHECK(first.row->supplier == "Acme Woodworks");
    CHECK(first.row->sku == "CB-BAM-L");
    CHECK(first.row->cost == 114000);
    CHECK(first.row->currency == "USD");
    CHECK(first.row->moq == 50);
    CHECK(first.row->pack_size == 10);
    CHECK(first.row->lead_time_days == 21);

    SupplierRowResult second = ValidateSupplierPriceRow(binding.value(), lines[2]);
    REQUIRE(second.errors.empty());
    CHECK(second.row->cost == 40375);
    CHECK(second.row->currency == "USD");
    CHECK(second.row->moq == 1000);
    CHECK(second.row->lead_time_days == 14);

    const std::vector<std::string> bad = {" ", "SKU-1", "$12.50",   "dollars",
                                          "0", "2.5",   "3-5 weeks"};
    SupplierRowResult failed = ValidateSupplierPriceRow(binding.value(), bad);
    CHECK(!failed.row.has_value());
    std::vector<std::string> fields;
    for (const FieldError& error : failed.errors) {
        fields.push_back(error.field);
        CHECK(!error.message.empty());
    }
    CHECK(fields == std::vector<std::string>{"supplier", "cost", "currency", "moq", "pack_size",
                                             "lead_time_days"});
    CHECK(failed.errors[1].column == 2);
    CHECK(failed.errors[1].value == "$12.50");

    // Short rows: the missing cells are empty, required ones are reported.
    SupplierRowResult short_row =
        ValidateSupplierPriceRow(binding.value(), std::vector<std::string>{"Acme"});
    REQUIRE(short_row.errors.size() == 2);
    CHECK(short_row.errors[0].field == "sku");
    CHECK(short_row.errors[1].field == "cost");

    SupplierRowResult negative = ValidateSupplierPriceRow(
        binding.value(), std::vector<std::string>{"Acme", "X", "-1.00", "", "", "", ""});
    REQUIRE(negative.errors.size() == 1);
    CHECK(negative.errors[0].field == "cost");

    // Only required columns: optional fields stay unset.
    Result<FormatBinding> minimal = BindFormat("supplier_price_sheet", {"Vendor", "SKU", "Cost"});
    REQUIRE(minimal.ok());
    SupplierRowResult plain =
        ValidateSupplierPriceRow(minimal.value(), std::vector<std::string>{"Acme", "X", "3"});
    REQUIRE(plain.row.has_value());
    CHECK(plain.row->cost == 30000);
    CHECK(plain.row->currency.empty());
    CHECK(!plain.row->moq.has_value());
}

TEST_CASE("detection survives arbitrary header bytes", "[format]") {
    std::mt19937 random(7);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> length(0, 12);
    const Header base = AllListingsHeader();
    for (int round = 0; round < 200; ++round) {
        Header header;
        const int columns = length(random);
        for (int c = 0; c < columns; ++c) {
            std::string cell;
            const int size = length(random);
            for (int i = 0; i < size; ++i) cell += static_cast<char>(byte(random));
            header.push_back(round % 2 == 0 ? cell
                                            : base[static_cast<size_t>(c) % base.size()] + cell);
        }
        const Detection detection = DetectFormat(header);
        for (const FormatCandidate& candidate : detection.candidates) {
            CHECK(candidate.confidence >= 0.0);
            CHECK(candidate.confidence <= 1.0);
            for (const auto& [field, index] : candidate.fields) {
                CHECK(index >= 0);
                CHECK(static_cast<size_t>(index) < header.size());
            }
        }
        const std::string json = ColumnMappingToJson(SuggestMapping(header));
        CHECK(ColumnMappingFromJson(json).ok());
    }
}

}  // namespace
}  // namespace stocktake::engine
