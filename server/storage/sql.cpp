#include "storage/sql.h"

#include <charconv>

#include "storage/drivers.h"

namespace stocktake::server {

const std::string& SqlRows::Text(size_t row, size_t column) const {
    static const std::string kEmpty;
    const std::optional<std::string>& cell = rows_[row][column];
    return cell ? *cell : kEmpty;
}

int64_t SqlRows::Int(size_t row, size_t column) const {
    const std::string& text = Text(row, column);
    int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

Result<std::unique_ptr<SqlDatabase>> OpenSqlDatabase(const std::string& url, int pool_size) {
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
        return OpenPostgresDatabase(url, pool_size);
    }
    const std::string_view prefix = "sqlite:";
    if (url.rfind(prefix, 0) == 0) return OpenSqliteDatabase(url.substr(prefix.size()), pool_size);
    return OpenSqliteDatabase(url, pool_size);
}

}  // namespace stocktake::server
