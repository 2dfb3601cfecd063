// Purchasing and kits: suppliers, the purchase order lifecycle with receipts into the ledger
// (idempotent, over-receipt refused unless allowed), inbound quantities, and kits whose
// availability, reservations, shipments and sales are their components'.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::Move;
using testing::OpenOrDie;
using testing::Tsv;

// An engine with products MUG, LID, BOX, GIFT (to become a kit) and TEA, supplier ACME and
// locations MAIN and MAIN/A-01.
std::unique_ptr<Engine> PurchasingEngine() {
    std::unique_ptr<Engine> engine = OpenOrDie();
    std::string file =
        "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\t"
        "fulfillment-channel\tstatus\n";
    const char* skus[] = {"MUG", "LID", "BOX", "GIFT", "TEA"};
    int n = 0;
    for (const char* sku : skus) {
        ++n;
        file += Tsv({std::string("Item ") + sku, "LID-" + std::to_string(n), sku, "10.00", "",
                     "2024-01-01", "B0ITEM000" + std::to_string(n), "DEFAULT", "Active"}) +
                "\n";
    }
    Result<ImportReport> report = engine->ImportFile("catalog.txt", file);
    REQUIRE(report.ok());
    REQUIRE(report->successful == 5);
    REQUIRE(engine->SaveSupplier({"ACME", "Acme Ltd", "orders@acme.test", 14, ""}).ok());
    REQUIRE(engine->AddLocation({"MAIN", "", "Main", "warehouse"}).ok());
    REQUIRE(engine->AddLocation({"MAIN/A-01", "MAIN", "Bin A-01", "bin"}).ok());
    return engine;
}

int64_t OnHand(const Engine& engine, const std::string& sku, const std::string& location = "") {
    const Result<std::vector<StockLevel>> levels = engine.StockLevels(sku);
    int64_t total = 0;
    for (const StockLevel& level : levels.value()) {
        if (location.empty() || level.location == location) total += level.on_hand;
    }
    return total;
}

Availability AvailabilityOf(const Engine& engine, const std::string& sku) {
    const Result<std::vector<Availability>> rows = engine.Availabilities(sku);
    REQUIRE(rows.ok());
    for (const Availability& row : rows.value()) {
        if (row.sku == sku) return row;
    }
    return Availability{sku, 0, 0, 0, false};
}

PurchaseOrder Draft(const std::string& id, std::vector<PoLine> lines) {
    PurchaseOrder po;
    po.id = id;
    po.supplier_id = "ACME";
    po.lines = std::move(lines);
    return po;
}

PoReceipt Receipt(const std::string& po, const std::string& receipt_id,
                  std::vector<PoReceiptLine> lines, const std::string& location = "MAIN/A-01") {
    PoReceipt r;
    r.po_id = po;
    r.receipt_id = receipt_id;
    r.location = location;
    r.lines = std::move(lines);
    return r;
}

template <typename T>
Code CodeOf(const Result<T>& result) {
    return result.status().code();
}

Movement Sale(const std::string& id, const std::string& sku, int64_t delta) {
    Movement m;
    m.id = id;
    m.sku = sku;
    m.location = "MAIN";
    m.delta = delta;
    m.kind = MovementKind::kSale;
    return m;
}

TEST_CASE("suppliers are added, updated, listed and validated", "[engine][purchasing]") {
    std::unique_ptr<Engine> engine = PurchasingEngine();
    REQUIRE(engine->SaveSupplier({"Zeta Supplies", "Zeta", "", std::nullopt, "slow"}).ok());
    REQUIRE(engine->SaveSupplier({"ACME", "Acme Limited", "buy@acme.test", 7, "new terms"}).ok());
    Result<std::vector<Supplier>> all = engine->Suppliers();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(all->at(0).id == "ACME");
    CHECK(all->at(0).name == "Acme Limited");
    CHECK(all->at(0).email == "buy@acme.test");
    CHECK(all->at(0).lead_time_days == 7);
    CHECK(all->at(1).id == "Zeta Supplies");
    CHECK_FALSE(all->at(1).lead_time_days.has_value());
    CHECK(engine->SaveSupplier({"", "no id", "", std::nullopt, ""}).code() ==
          Code::kInvalidArgument);
    CHECK(engine->SaveSupplier({"B", "", "not-an-address", std::nullopt, ""}).code() ==
          Code::kInvalidArgument);
    CHECK(engine->SaveSupplier({"B", "", "", -1, ""}).code() == Code::kInvalidArgument);
    CHECK_FALSE(engine->FindSupplier("B")->has_value());
}

TEST_CASE("a purchase order goes from draft to received through partial receipts",
          "[engine][purchasing]") {
    std::unique_ptr<Engine> engine = PurchasingEngine();
    Result<PurchaseOrder> created =
        engine->CreatePurchaseOrder(Draft("PO-1", {{0, "MUG", 10, 0, 12500}}));
    REQUIRE(created.ok());
    CHECK(created->status == kPoDraft);
    CHECK(created->created_at.size() == 20);
    CHECK(created->ordered_at.empty());
    REQUIRE(created->lines.size() == 1);
    CHECK(created->lines[0].line == 1);
    CHECK(created->lines[0].cost == 12500);

    // Draft: lines can be added, changed and removed.
    Result<PurchaseOrder> edited = engine->AddPoLine("PO-1", {0, "LID", 5, 0, std::nullopt});
    REQUIRE(edited.ok());
    REQUIRE(edited->lines.size() == 2);
    CHECK(edited->lines[1].line == 2);
    REQUIRE(engine->AddPoLine("PO-1", {0, "TEA", 1, 0, std::nullopt}).ok());
    edited = engine->SetPoLine("PO-1", {0, "LID", 4, 0, 300});
    REQUIRE(edited.ok());
    CHECK(edited->lines[1].quantity_ordered == 4);
    CHECK(edited->lines[1].cost == 300);
    edited = engine->RemovePoLine("PO-1", "TEA");
    REQUIRE(edited.ok());
    CHECK(edited->lines.size() == 2);
    CHECK(CodeOf(engine->AddPoLine("PO-1", {0, "MUG", 1, 0, std::nullopt})) == Code::kConflict);
    CHECK(CodeOf(engine->SetPoLine("PO-1", {0, "BOX", 1, 0, std::nullopt})) == Code::kNotFound);

    // Nothing is inbound, and receiving is refused, until the PO is ordered.
    CHECK(engine->InboundQuantity("MUG").value() == 0);
    CHECK(CodeOf(engine->ReceivePurchaseOrder(Receipt("PO-1", "R0", {{"MUG", 1}}))) ==
          Code::kConflict);
    Result<PurchaseOrder> ordered = engine->OrderPurchaseOrder("PO-1");
    REQUIRE(ordered.ok());
    CHECK(ordered->status == kPoOrdered);
    CHECK_FALSE(ordered->ordered_at.empty());
    CHECK_FALSE(ordered->expected_at.empty());  // now + ACME's 14 days
    CHECK(ordered->expected_at > ordered->ordered_at);
    CHECK(engine->OrderPurchaseOrder("PO-1").status().code() == Code::kConflict);
    CHECK(CodeOf(engine->AddPoLine("PO-1", {0, "BOX", 1, 0, std::nullopt})) == Code::kConflict);
    CHECK(engine->InboundQuantity("MUG").value() == 10);

    // A partial receipt: 6 of 10 mugs and all 4 lids.
    Result<PoReceiptResult> first =
        engine->ReceivePurchaseOrder(Receipt("PO-1", "R1", {{"MUG", 6}, {"LID", 4}}));
    REQUIRE(first.ok());
    CHECK(first->status == kPoPartiallyReceived);
    REQUIRE(first->lines.size() == 2);
    CHECK(first->lines[0].received == 6);
    CHECK(first->lines[0].ordered == 10);
    CHECK(first->lines[0].over_received == 0);
    CHECK_FALSE(first->lines[0].already_recorded);
    CHECK(first->lines[0].movement.id == "po:PO-1:1:R1");
    CHECK(first->lines[0].movement.kind == MovementKind::kReceive);
    CHECK(first->lines[0].movement.reference == "po:PO-1");
    CHECK(OnHand(*engine, "MUG", "MAIN/A-01") == 6);
    CHECK(OnHand(*engine, "LID", "MAIN/A-01") == 4);
    CHECK(engine->InboundQuantity("MUG").value() == 4);
    CHECK(engine->InboundQuantity("LID").value() == 0);

    // The rest of the mugs: received.
    Result<PoReceiptResult> second =
        engine->ReceivePurchaseOrder(Receipt("PO-1", "R2", {{"MUG", 4}}));
    REQUIRE(second.ok());
    CHECK(second->status == kPoReceived);
    CHECK(second->lines[0].received == 10);
    CHECK(OnHand(*engine, "MUG") == 10);
    CHECK(engine->InboundQuantity("MUG").value() == 0);

    // The ledger explains the on-hand: two receipts referencing the PO.
    Result<std::vector<Movement>> why = engine->ExplainOnHand("MUG", "MAIN/A-01");
    REQUIRE(why.ok());
    REQUIRE(why->size() == 2);
    CHECK(why->at(0).delta == 6);
    CHECK(why->at(1).delta == 4);
    CHECK(why->at(1).reference == "po:PO-1");
    CHECK(engine->CheckStockLevels()->empty());

    Result<PurchaseOrder> stored = engine->GetPurchaseOrder("PO-1");
    REQUIRE(stored.ok());
    CHECK(stored->status == kPoReceived);
    CHECK(stored->lines[0].quantity_received == 10);
    CHECK(stored->lines[1].quantity_received == 4);
}

TEST_CASE("a re-sent receipt moves stock once; other values under its id conflict",
          "[engine][purchasing]") {
    std::unique_ptr<Engine> engine = PurchasingEngine();
    REQUIRE(engine->CreatePurchaseOrder(Draft("PO-2", {{0, "MUG", 10, 0, std::nullopt}})).ok());
    REQUIRE(engine->OrderPurchaseOrder("PO-2").ok());
    REQUIRE(engine->ReceivePurchaseOrder(Receipt("PO-2", "DEL-7", {{"MUG", 3}})).ok());
    Result<PoReceiptResult> again =
        engine->ReceivePurchaseOrder(Receipt("PO-2", "DEL-7", {{"MUG", 3}}));
    REQUIRE(again.ok());
    CHECK(again->lines[0].already_recorded);
    CHECK(again->lines[0].received == 3);
    CHECK(again->status == kPoPartiallyReceived);
    CHECK(OnHand(*engine, "MUG") == 3);
    CHECK(engine->ExplainOnHand("MUG", "")->size() == 1);
    CHECK(engine->GetPurchaseOrder("PO-2")->lines[0].quantity_received == 3);
    CHECK(CodeOf(engine->ReceivePurchaseOrder(Receipt("PO-2", "DEL-7", {{"MUG", 4}}))) ==
          Code::kConflict);
    // A receipt id cannot hold ':' (it would collide with another line's movement ids).
    CHECK(CodeOf(engine->ReceivePurchaseOrder(Receipt("PO-2", "A:1", {{"MUG", 1}}))) ==
          Code::kInvalidArgument);
    CHECK(OnHand(*engine, "MUG") == 3);
}

TEST_CASE("receiving more than ordered is refused unless allowed, then reported",
          "[engine][purchasing]") {
    std::unique_ptr<Engine> engine = PurchasingEngine();
    REQUIRE(engine
                ->CreatePurchaseOrder(Draft(
                    "PO-3", {{0, "MUG", 10, 0, std::nullopt}, {0, "LID", 2, 0, std::nullopt}}))
                .ok());
    REQUIRE(engine->OrderPurchaseOrder("PO-3").ok());
    REQUIRE(engine->ReceivePurchaseOrder(Receipt("PO-3", "R1", {{"MUG", 8}})).ok());
    // 8 + 5 = 13 of 10: refused, and the whole receipt (LID too) changes nothing.
    Status refused =
        engine->ReceivePurchaseOrder(Receipt("PO-3", "R2", {{"LID", 2}, {"MUG", 5}})).status();
    CHECK(refused.code() == Code::kConflict);
    CHECK(refused.message().find("allow") != std::string::npos);
    CHECK(OnHand(*engine, "MUG") == 8);
    CHECK(OnHand(*engine, "LID") == 0);

    PoReceipt over = Receipt("PO-3", "R2", {{"LID", 2}, {"MUG", 5}});
    over.allow_over = true;
    Result<PoReceiptResult> accepted = engine->ReceivePurchaseOrder(over);
    REQUIRE(accepted.ok());
    CHECK(accepted->lines[0].over_received == 0);
    CHECK(accepted->lines[1].over_received == 3);
    CHECK(accepted->lines[1].received == 13);
    CHECK(accepted->status == kPoReceived);
    CHECK(OnHand(*engine, "MUG") == 13);
    CHECK(engine->InboundQuantity("MUG").value() == 0);  // never negative
}

TEST_CASE("a received or cancelled purchase order cannot change", "[engine][purchasing]") {
    std::unique_ptr<Engine> engine = PurchasingEngine();
    REQUIRE(engine->CreatePurchaseOrder(Draft("PO-4", {{0, "MUG", 2, 0, std::nullopt}})).ok());
    REQUIRE(engine->OrderPurchaseOrder("PO-4").ok());
    REQUIRE(engine->ReceivePurchaseOrder(Receipt("PO-4", "R1", {{"MUG", 2}})).ok());
    CHECK(CodeOf(engine->AddPoLine("PO-4", {0, "LID", 1, 0, std::nullopt})) == Code::kConflict);
    CHECK(CodeOf(engine->SetPoLine("PO-4", {0, "MUG", 5, 0, std::nullopt})) == Code::kConflict);
    CHECK(CodeOf(engine->RemovePoLine("PO-4", "MUG")) == Code::kConflict);
    CHECK(engine->OrderPurchaseOrder("PO-4").status().code() == Code::kConflict);
    CHECK(engine->CancelPurchaseOrder("PO-4").status().code() == Code::kConflict);
    PoReceipt more = Receipt("PO-4", "R2", {{"MUG", 1}});
    more.allow_over = true;
    CHECK(CodeOf(engine->ReceivePurchaseOrder(more)) == Code::kConflict);
    CHECK(OnHand(*engine, "MUG") == 2);
}

TEST_CASE("cancelling keeps what was received and ends the inbound", "[engine][purchasing]") {
    std::unique_ptr<Engine> engine = PurchasingEngine();
    REQUIRE(engine->CreatePurchaseOrder(Draft("PO-5", {{0, "MUG", 10, 0, std::nullopt}})).ok());
    REQUIRE(engine->CreatePurchaseOrder(Draft("PO-6", {{0, "MUG", 7, 0, std::nullopt}})).ok());
    REQUIRE(engine->OrderPurchaseOrder("PO-5", "2030-01-02T00:00:00Z").ok());
    REQUIRE(engine->OrderPurchaseOrder("PO-6", "2030-01-01T00:00:00Z").ok());
    REQUIRE(engine->ReceivePurchaseOrder(Receipt("PO-5", "R1", {{"MUG", 4}})).ok());
    Result<std::vector<InboundStock>> inbound = engine->Inbound("");
    REQUIRE(inbound.ok());
    REQUIRE(inbound->size() == 1);
    CHECK(inbound->at(0).sku == "MUG");
    CHECK(inbound->at(0).quantity == 6 + 7);
    CHECK(inbound->at(0).next_expected_at == "2030-01-01T00:00:00Z");

    Result<PurchaseOrder> cancelled = engine->CancelPurchaseOrder("PO-5");
    REQUIRE(cancelled.ok());
    CHECK(cancelled->status == kPoCancelled);
    CHECK(OnHand(*engine, "MUG") == 4);
    CHECK(engine->InboundQuantity("MUG").value() == 7);
    CHECK(engine->InboundQuantity("").value() == 7);  // over every SKU
    CHECK(CodeOf(engine->ReceivePurchaseOrder(Receipt("PO-5", "R2", {{"MUG", 1}}))) ==
          Code::kConflict);
    // The receipt already recorded may still be re-sent: it moves nothing.
    Result<PoReceiptResult> resent =
        engine->ReceivePurchaseOrder(Receipt("PO-5", "R1", {{"MUG", 4}}));
    REQUIRE(resent.ok());
    CHECK(resent->lines[0].already_recorded);
    CHECK(resent->status == kPoCancelled);
    CHECK(OnHand(*engine, "MUG") == 4);
    CHECK(engine->CancelPurchaseOrder("PO-5").status().code() == Code::kConflict);

    Result<std::vector<PurchaseOrder>> listed = engine->PurchaseOrders(kPoCancelled);
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    CHECK(listed->at(0).id == "PO-5");
    CHECK(engine->PurchaseOrders("")->size() == 2);
    CHECK(engine->PurchaseOrders("open").status().code() == Code::kInvalidArgument);
}

TEST_CASE("purchase orders refuse unknown names and absurd quantities, saying what to do",
          "[engine][purchasing]") {
    std::unique_ptr<Engine> engine = PurchasingEngine();
    PurchaseOrder unknown_supplier = Draft("PO-7", {{0, "MUG", 1, 0, std::nullopt}});
    unknown_supplier.supplier_id = "NOBODY";
    Status status = engine->CreatePurchaseOrder(unknown_supplier).status();
    CHECK(status.code() == Code::kNotFound);
    CHECK(status.message().find("supplier add") != std::string::npos);
    status =
        engine->CreatePurchaseOrder(Draft("PO-7", {{0, "GHOST", 1, 0, std::nullopt}})).status();
    CHECK(status.code() == Code::kNotFound);
    CHECK(status.message().find("import") != std::string::npos);
    CHECK(engine->CreatePurchaseOrder(Draft("PO-7", {{0, "MUG", 0, 0, std::nullopt}}))
              .status()
              .code() == Code::kInvalidArgument);
    CHECK(engine->CreatePurchaseOrder(Draft("PO-7", {{0, "MUG", -3, 0, std::nullopt}}))
              .status()
              .code() == Code::kInvalidArgument);
    CHECK(engine->CreatePurchaseOrder(Draft("PO-7", {{0, "MUG", 1'000'000'001, 0, std::nullopt}}))
              .status()
              .code() == Code::kInvalidArgument);
    CHECK(engine->CreatePurchaseOrder(Draft("PO-7", {{0, "MUG", 1, 0, -5}})).status().code() ==
          Code::kInvalidArgument);
    CHECK(engine->CreatePurchaseOrder(Draft("PO:7", {})).status().code() == Code::kInvalidArgument);
    CHECK(engine
              ->CreatePurchaseOrder(
                  Draft("PO-7", {{0, "MUG", 1, 0, std::nullopt}, {0, "MUG", 2, 0, std::nullopt}}))
              .status()
              .code() == Code::kInvalidArgument);
    CHECK(engine->PurchaseOrders("")->empty());  // nothing half-created

    // An empty draft can be created but not ordered.
    Result<PurchaseOrder> empty = engine->CreatePurchaseOrder(Draft("", {}));
    REQUIRE(empty.ok());
    CHECK(empty->id.rfind("PO-", 0) == 0);
    status = engine->OrderPurchaseOrder(empty->id).status();
    CHECK(status.code() == Code::kInvalidArgument);
    CHECK(status.message().find("add-line") != std::string::npos);
    CHECK(engine->CreatePurchaseOrder(Draft(empty->id, {})).status().code() == Code::kConflict);
    CHECK(engine->GetPurchaseOrder("PO-404").status().code() == Code::kNotFound);

    REQUIRE(engine->CreatePurchaseOrder(Draft("PO-8", {{0, "MUG", 5, 0, std::nullopt}})).ok());
    REQUIRE(engine->OrderPurchaseOrder("PO-8").ok());
    CHECK(CodeOf(engine->ReceivePurchaseOrder(Receipt("PO-8", "R1", {{"MUG", 1}}, "NOWHERE"))) ==
          Code::kNotFound);
    CHECK(CodeOf(engine->ReceivePurchaseOrder(Receipt("PO-8", "R1", {{"LID", 1}}))) ==
          Code::kNotFound);
    CHECK(CodeOf(engine->ReceivePurchaseOrder(Receipt("PO-8", "R1", {{"MUG", 0}}))) ==
          Code::kInvalidArgument);
    CHECK(CodeOf(engine->ReceivePurchaseOrder(Receipt("PO-8", "R1", {{"MUG", 2'000'000'000}}))) ==
          Code::kInvalidArgument);
    CHECK(OnHand(*engine, "MUG") == 0);
}

// Kits: GIFT = 2 MUG + 1 LID.
std::unique_ptr<Engine> KitEngine() {
    std::unique_ptr<Engine> engine = PurchasingEngine();
    REQUIRE(engine->DefineKit({"GIFT", {{"MUG", 2}, {"LID", 1}}}).ok());
    return engine;
}

TEST_CASE("kits are products made of other products, never of kits", "[engine][kits]") {
    std::unique_ptr<Engine> engine = KitEngine();
    Result<std::optional<Kit>> gift = engine->FindKit("GIFT");
    REQUIRE(gift.ok());
    REQUIRE(gift->has_value());
    REQUIRE((*gift)->components.size() == 2);
    CHECK((*gift)->components[0].sku == "LID");
    CHECK((*gift)->components[1].sku == "MUG");
    CHECK((*gift)->components[1].quantity == 2);
    CHECK(engine->Kits()->size() == 1);

    CHECK(engine->DefineKit({"BOX", {{"BOX", 1}}}).code() == Code::kInvalidArgument);
    CHECK(engine->DefineKit({"BOX", {{"GIFT", 1}}}).code() == Code::kInvalidArgument);
    CHECK(engine->DefineKit({"MUG", {{"TEA", 1}}}).code() == Code::kInvalidArgument);
    CHECK(engine->DefineKit({"BOX", {{"GHOST", 1}}}).code() == Code::kNotFound);
    CHECK(engine->DefineKit({"GHOST", {{"MUG", 1}}}).code() == Code::kNotFound);
    CHECK(engine->DefineKit({"BOX", {{"MUG", 0}}}).code() == Code::kInvalidArgument);
    CHECK(engine->DefineKit({"BOX", {}}).code() == Code::kInvalidArgument);
    // A SKU with stock of its own cannot become a kit.
    Movement tea;
    tea.sku = "TEA";
    tea.location = "MAIN";
    tea.delta = 3;
    tea.kind = MovementKind::kReceive;
    REQUIRE(engine->RecordMovement(tea).ok());
    CHECK(engine->DefineKit({"TEA", {{"BOX", 1}}}).code() == Code::kConflict);
    // Redefining replaces the components.
    REQUIRE(engine->DefineKit({"GIFT", {{"MUG", 1}, {"BOX", 1}}}).ok());
    CHECK(engine->FindKit("GIFT")->value().components[0].sku == "BOX");
    // A kit is not purchased: its components are.
    CHECK(engine->CreatePurchaseOrder(Draft("PO-K", {{0, "GIFT", 1, 0, std::nullopt}}))
              .status()
              .code() == Code::kInvalidArgument);
}

TEST_CASE("a kit's availability is the minimum over its components", "[engine][kits]") {
    std::unique_ptr<Engine> engine = KitEngine();
    // No stock at all: 0 kits, reported as a kit.
    Availability gift = AvailabilityOf(*engine, "GIFT");
    CHECK(gift.kit);
    CHECK(gift.available == 0);

    REQUIRE(engine->RecordMovement(Move("MUG", "MAIN", 7, MovementKind::kReceive)).ok());
    // MUG makes 3 kits, but LID is at 0.
    CHECK(AvailabilityOf(*engine, "GIFT").available == 0);
    REQUIRE(engine->RecordMovement(Move("LID", "MAIN/A-01", 5, MovementKind::kReceive)).ok());
    gift = AvailabilityOf(*engine, "GIFT");
    CHECK(gift.on_hand == 3);  // floor(7 / 2) = 3 < 5
    CHECK(gift.available == 3);
    CHECK(gift.reserved == 0);
    // A component at a negative available: the kit is oversold too, rounded down.
    REQUIRE(engine->RecordMovement(Move("MUG", "MAIN", -10, MovementKind::kSale)).ok());
    CHECK(AvailabilityOf(*engine, "MUG").available == -3);
    CHECK(AvailabilityOf(*engine, "GIFT").available == -2);  // floor(-3 / 2)

    // The list of every SKU holds the kit row too, in SKU order.
    Result<std::vector<Availability>> all = engine->Availabilities("");
    REQUIRE(all.ok());
    std::vector<std::string> skus;
    for (const Availability& row : all.value()) skus.push_back(row.sku);
    CHECK(skus == std::vector<std::string>{"GIFT", "LID", "MUG"});
    CHECK(all->at(0).kit);
    CHECK(all->at(0).available == -2);
    CHECK_FALSE(all->at(1).kit);
}

TEST_CASE("every SKU's availability is each SKU's own, with kits, open and closed orders",
          "[engine][kits]") {
    // Availabilities("") sums the levels and the open orders' lines in C++; one SKU's are
    // summed by SQL: both must agree, whatever the orders, their lines and the kits.
    std::unique_ptr<Engine> engine = KitEngine();
    REQUIRE(engine->DefineKit({"BOX", {{"TEA", 3}}}).ok());
    const char* skus[] = {"MUG", "LID", "BOX", "GIFT", "TEA"};
    std::mt19937 rng(7);
    REQUIRE(engine->RecordMovement(Move("MUG", "MAIN", 9, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("MUG", "MAIN/A-01", 4, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("TEA", "MAIN", 20, MovementKind::kReceive)).ok());
    for (int n = 0; n < 40; ++n) {
        Order order;
        order.channel = n % 2 == 0 ? "shopify" : "ebay";
        order.external_id = std::to_string(n);
        const int lines = 1 + static_cast<int>(rng() % 3);
        for (int l = 0; l < lines; ++l) {
            order.lines.push_back({skus[rng() % 5], 1 + static_cast<int64_t>(rng() % 4), {}});
        }
        REQUIRE(engine->RecordOrder(order).ok());
        if (n % 5 == 1) {
            REQUIRE(engine->ShipOrder(order.channel, order.external_id, "MAIN").ok());
        } else if (n % 7 == 2) {
            REQUIRE(engine->CancelOrder(order.channel, order.external_id).ok());
        }
    }
    Result<std::vector<Availability>> all = engine->Availabilities("");
    REQUIRE(all.ok());
    std::vector<std::string> listed;
    for (const Availability& row : all.value()) {
        listed.push_back(row.sku);
        const Availability own = AvailabilityOf(*engine, row.sku);
        CAPTURE(row.sku);
        CHECK(row.on_hand == own.on_hand);
        CHECK(row.reserved == own.reserved);
        CHECK(row.available == own.available);
        CHECK(row.kit == own.kit);
    }
    // Every SKU has stock or a reservation here; a kit only through its components.
    CHECK(listed == std::vector<std::string>{"BOX", "GIFT", "LID", "MUG", "TEA"});
    CHECK(AvailabilityOf(*engine, "LID").reserved > 0);
}

TEST_CASE("an order for a kit reserves its components; shipping moves them once",
          "[engine][kits]") {
    std::unique_ptr<Engine> engine = KitEngine();
    REQUIRE(engine->RecordMovement(Move("MUG", "MAIN", 10, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("LID", "MAIN", 10, MovementKind::kReceive)).ok());
    Order order;
    order.channel = "shopify";
    order.external_id = "1001";
    order.lines = {{"GIFT", 2, std::nullopt}, {"LID", 1, std::nullopt}};
    REQUIRE(engine->RecordOrder(order).ok());
    Availability mug = AvailabilityOf(*engine, "MUG");
    CHECK(mug.reserved == 4);
    CHECK(mug.available == 6);
    CHECK(AvailabilityOf(*engine, "LID").reserved == 3);
    CHECK(AvailabilityOf(*engine, "GIFT").available == 3);  // min(6/2, 7/1)
    Result<std::vector<Availability>> all = engine->Availabilities("");
    REQUIRE(all.ok());
    REQUIRE(all->size() == 3);  // GIFT, LID, MUG
    CHECK(all->at(2).sku == "MUG");
    CHECK(all->at(2).reserved == 4);
    CHECK(all->at(0).available == 3);

    Result<std::vector<Movement>> shipped = engine->ShipOrder("shopify", "1001", "MAIN");
    REQUIRE(shipped.ok());
    REQUIRE(shipped->size() == 3);
    CHECK(shipped->at(0).id == "ship:shopify:1001:1:LID");
    CHECK(shipped->at(0).delta == -2);
    CHECK(shipped->at(1).id == "ship:shopify:1001:1:MUG");
    CHECK(shipped->at(1).delta == -4);
    CHECK(shipped->at(2).id == "ship:shopify:1001:2");
    REQUIRE(engine->ShipOrder("shopify", "1001", "MAIN").ok());
    CHECK(OnHand(*engine, "MUG") == 6);
    CHECK(OnHand(*engine, "LID") == 7);
    CHECK(OnHand(*engine, "GIFT") == 0);
    CHECK(engine->StockLevels("GIFT")->empty());
    CHECK(AvailabilityOf(*engine, "MUG").reserved == 0);
    CHECK(engine->CheckStockLevels()->empty());
}

TEST_CASE("a kit sale moves the components, once per sale id", "[engine][kits]") {
    std::unique_ptr<Engine> engine = KitEngine();
    REQUIRE(engine->RecordMovement(Move("MUG", "MAIN", 10, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("LID", "MAIN", 10, MovementKind::kReceive)).ok());
    Result<Movement> sold = engine->RecordMovement(Sale("S-1", "GIFT", -3));
    REQUIRE(sold.ok());
    CHECK(sold->sku == "GIFT");
    CHECK(sold->id == "S-1");
    CHECK(sold->delta == -3);
    CHECK(sold->position > 0);
    CHECK(OnHand(*engine, "MUG") == 4);
    CHECK(OnHand(*engine, "LID") == 7);
    Result<std::vector<Movement>> mugs = engine->ExplainOnHand("MUG", "MAIN");
    REQUIRE(mugs->size() == 2);
    CHECK(mugs->at(1).id == "S-1:MUG");
    CHECK(mugs->at(1).kind == MovementKind::kSale);
    CHECK(mugs->at(1).delta == -6);
    // Re-sent: moves nothing more.
    REQUIRE(engine->RecordMovement(Sale("S-1", "GIFT", -3)).ok());
    CHECK(OnHand(*engine, "MUG") == 4);
    CHECK(engine->ExplainOnHand("LID", "MAIN")->size() == 2);
    CHECK(CodeOf(engine->RecordMovement(Sale("S-1", "GIFT", -1))) == Code::kConflict);
    // A return of a kit brings the components back.
    Movement back = Sale("RET-1", "GIFT", 1);
    back.kind = MovementKind::kReturn;
    REQUIRE(engine->RecordMovement(back).ok());
    CHECK(OnHand(*engine, "MUG") == 6);
    // What would give the kit stock of its own is refused.
    Movement receive = Sale("", "GIFT", 5);
    receive.kind = MovementKind::kReceive;
    CHECK(CodeOf(engine->RecordMovement(receive)) == Code::kInvalidArgument);
    CHECK(engine->Transfer("GIFT", "MAIN", "MAIN/A-01", 1, "").status().code() ==
          Code::kInvalidArgument);
    Count count;
    count.sku = "GIFT";
    count.location = "MAIN";
    count.counted = 4;
    CHECK(engine->RecordCount(count).status().code() == Code::kInvalidArgument);
    CHECK(engine->StockLevels("GIFT")->empty());
    CHECK(engine->CheckStockLevels()->empty());
}

}  // namespace
}  // namespace stocktake::engine
