// Engine's catalogue edits: a seller's changes to products, written as last-writer-wins
// records through the outbox (sync/outbox.h), so they sync like every other write.

#include "import/row_converter.h"
#include "stock/ledger.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/store.h"
#include "sync/outbox.h"

namespace stocktake::engine {

namespace {

using nlohmann::json;

void SetIf(json* fields, const char* name, const std::optional<std::string>& value) {
    if (value) (*fields)[name] = *value;
}

}  // namespace

Status Engine::SaveProduct(const ProductEdit& edit) {
    if (edit.sku.empty()) return Status::InvalidArgument("a product needs a SKU");
    if (edit.name && edit.name->empty()) {
        return Status::InvalidArgument("the name of " + edit.sku + " cannot be empty");
    }
    if (edit.list_price_minor && *edit.list_price_minor < 0) {
        return Status::InvalidArgument("the list price of " + edit.sku + " cannot be negative");
    }
    json fields = json::object();
    SetIf(&fields, "name", edit.name);
    SetIf(&fields, "description", edit.description);
    SetIf(&fields, "brand", edit.brand);
    SetIf(&fields, "category", edit.category);
    if (edit.name) fields["name_key"] = NameKey(*edit.name);
    if (edit.list_price_minor) fields["list_price_minor"] = *edit.list_price_minor;
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::optional<json>> existing = store_->records().Read(ProductsTable(), {edit.sku});
        if (!existing.ok()) return existing.status();
        if (!existing.value() && !edit.name) {
            return Status::InvalidArgument("product " + edit.sku +
                                           " does not exist yet: give it a name to create it");
        }
        if (!existing.value()) fields[kDeletedField] = false;  // created (again, if deleted)
        if (fields.empty()) return Status::Ok();
        return WriteRecord(*store_, "product", {edit.sku}, std::move(fields), now);
    });
    if (status.ok()) ++generation_;
    return status;
}

Status Engine::DeleteProduct(const std::string& sku) {
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::optional<json>> existing = store_->records().Read(ProductsTable(), {sku});
        if (!existing.ok()) return existing.status();
        if (!existing.value()) return Status::NotFound("product " + sku + " does not exist");
        // Listings first: each gets its own tombstone with its values before the product's
        // deletion would cascade to them.
        Result<std::vector<std::vector<std::string>>> listings =
            store_->records().KeysWhere(ListingsTable(), "sku", sku);
        if (!listings.ok()) return listings.status();
        for (const std::vector<std::string>& key : listings.value()) {
            Status deleted = WriteRecord(*store_, "listing", key, {{kDeletedField, true}}, now);
            if (!deleted.ok()) return deleted;
        }
        return WriteRecord(*store_, "product", {sku}, {{kDeletedField, true}}, now);
    });
    if (status.ok()) ++generation_;
    return status;
}

}  // namespace stocktake::engine
