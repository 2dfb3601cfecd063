#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "stocktake/engine/export.h"

namespace stocktake::engine {
namespace {

TEST_CASE("the insights CSV quotes the details and guards formulas", "[export][insights]") {
    const std::string csv = InsightsCsv({
        {"MUG", "", kSlowMover, "2027-03-03T00:00:00Z", R"({"days_without_sale":30})"},
        {"=CUP", "amazon", kOutOfStock, "2027-03-04T00:00:00Z", R"({"available":-1})"},
    });
    CHECK(csv ==
          "\xEF\xBB\xBF"
          "sku,channel,kind,generated_at,details\r\n"
          "MUG,,slow_mover,2027-03-03T00:00:00Z,\"{\"\"days_without_sale\"\":30}\"\r\n"
          "'=CUP,amazon,out_of_stock,2027-03-04T00:00:00Z,\"{\"\"available\"\":-1}\"\r\n");
}

TEST_CASE("the restock CSV has every number of the derivation", "[export][insights]") {
    RestockLine line;
    line.sku = "MUG";
    line.supplier = "ACME";
    line.unit_cost = 41000;
    line.units_window = 30;
    line.window_days = 30;
    line.lead_time_days = 7;
    line.review_period_days = 14;
    line.safety_stock_days = 7;
    line.demand = 21;
    line.safety_stock = 7;
    line.available = 3;
    line.inbound = 5;
    line.need = 20;
    line.moq = 50;
    line.pack_size = 12;
    line.quantity = 60;
    line.derivation = "need 20";
    RestockLine none;
    none.sku = "CUP";
    none.available = -2;
    const std::string csv = RestockPlanCsv({"2027-05-31T12:00:00Z", {line, none}});
    CHECK(csv ==
          "\xEF\xBB\xBF"
          "supplier,sku,quantity,unit_cost,units_window,window_days,lead_time_days,"
          "review_period_days,safety_stock_days,demand,safety_stock,available,inbound,need,moq,"
          "pack_size,derivation\r\n"
          "ACME,MUG,60,4.1000,30,30,7,14,7,21,7,3,5,20,50,12,need 20\r\n"
          ",CUP,0,,0,0,0,0,0,0,0,'-2,0,0,1,1,\r\n");
}

}  // namespace
}  // namespace stocktake::engine
