#include "import/format_detect.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

#include "import/formats.h"

namespace stocktake::engine {

namespace {

constexpr double kRequiredWeight = 0.40;
constexpr double kRecallWeight = 0.35;
constexpr double kPrecisionWeight = 0.25;
constexpr double kMissingRequiredFactor = 0.6;
constexpr double kContraFactor = 0.5;
// The generic catalog is only ever a suggestion: it stays below the threshold so that the
// seller confirms the mapping before anything is imported.
constexpr double kGenericCeiling = 0.5;
// Below this the closest format is not worth naming as "almost" in the reason.
constexpr double kNoResemblance = 0.3;
// How many unrecognised names a note quotes before it says "and N more".
constexpr size_t kNamesInNotes = 5;

struct NormalizedHeader {
    std::vector<std::string> exact;  // NormalizeHeaderName
    std::vector<std::string> loose;  // LooseHeaderName
    int non_empty = 0;
};

NormalizedHeader Normalize(const std::vector<std::string>& header) {
    NormalizedHeader out;
    // Column indexes are ints everywhere; a header wider than that is not a real report.
    const size_t count = std::min(header.size(), static_cast<size_t>(INT_MAX / 2));
    out.exact.reserve(count);
    out.loose.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        out.exact.push_back(NormalizeHeaderName(header[i]));
        out.loose.push_back(LooseHeaderName(header[i]));
        if (!out.exact.back().empty()) ++out.non_empty;
    }
    return out;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

struct Match {
    std::map<std::string, int> fields;
    std::vector<bool> claimed;
    std::vector<std::string> matched_required;
    std::vector<std::string> missing_required;
    int required_total = 0;
    int documented_total = 0;  // required + known
    int documented_found = 0;
    int claimed_count = 0;
    std::vector<std::string> contra_found;
};

void Claim(const ColumnDef& def, size_t index, Match* match) {
    match->claimed[index] = true;
    ++match->claimed_count;
    if (!def.field.empty() && match->fields.count(def.field) == 0) {
        match->fields[def.field] = static_cast<int>(index);
    }
}

// First unclaimed column equal to one of def's aliases, or -1. Walking the definitions in
// documented order and taking the first unclaimed match is what maps repeated localized
// names (the Chinese 商品编码 twice) to the right columns.
int FindColumn(const ColumnDef& def, const NormalizedHeader& header, const Match& match) {
    for (size_t i = 0; i < header.exact.size(); ++i) {
        if (match.claimed[i] || header.exact[i].empty()) continue;
        for (const std::string& alias : def.aliases) {
            if (header.exact[i] == alias) return static_cast<int>(i);
        }
    }
    return -1;
}

Match MatchFormat(const FormatDef& format, const NormalizedHeader& header) {
    Match match;
    match.claimed.assign(header.exact.size(), false);
    // Documented columns claim first, so an optional prefix block never steals one of them.
    for (int pass = 0; pass < 2; ++pass) {
        for (const ColumnDef& def : format.columns) {
            const bool extra = def.role == ColumnRole::kExtra;
            if (extra != (pass == 1)) continue;
            const int found = FindColumn(def, header, match);
            if (found >= 0) Claim(def, static_cast<size_t>(found), &match);
            if (!def.prefixes.empty()) {
                for (size_t i = 0; i < header.loose.size(); ++i) {
                    if (match.claimed[i] || header.loose[i].empty()) continue;
                    for (const std::string& prefix : def.prefixes) {
                        if (StartsWith(header.loose[i], prefix)) {
                            Claim(def, i, &match);
                            break;
                        }
                    }
                }
            }
            if (def.role == ColumnRole::kRequired) {
                ++match.required_total;
                (found >= 0 ? match.matched_required : match.missing_required)
                    .push_back(def.display);
            }
            if (!extra) {
                ++match.documented_total;
                if (found >= 0) ++match.documented_found;
            }
        }
    }
    for (const std::string& contra : format.contra) {
        for (size_t i = 0; i < header.exact.size(); ++i) {
            if (!match.claimed[i] && header.exact[i] == contra) {
                match.contra_found.push_back(contra);
                break;
            }
        }
    }
    return match;
}

std::string JoinNames(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += ", ";
        out += names[i];
    }
    return out;
}

std::string Percent(double confidence) {
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "%.2f", confidence);
    return buffer;
}

std::vector<int> Unrecognised(const NormalizedHeader& header, const std::vector<bool>& claimed) {
    std::vector<int> out;
    for (size_t i = 0; i < header.exact.size(); ++i) {
        if (!claimed[i] && !header.exact[i].empty()) out.push_back(static_cast<int>(i));
    }
    return out;
}

std::string UnrecognisedNote(const std::vector<std::string>& header,
                             const std::vector<int>& columns) {
    std::string note = std::to_string(columns.size()) + " column(s) not part of this format: ";
    for (size_t i = 0; i < columns.size() && i < kNamesInNotes; ++i) {
        if (i > 0) note += ", ";
        note += "'" + header[static_cast<size_t>(columns[i])] + "'";
    }
    if (columns.size() > kNamesInNotes) {
        note += " and " + std::to_string(columns.size() - kNamesInNotes) + " more";
    }
    note += " (kept in the import report, not imported)";
    return note;
}

FormatCandidate Score(const FormatDef& format, const std::vector<std::string>& raw,
                      const NormalizedHeader& header, bool* has_contra) {
    const Match match = MatchFormat(format, header);
    FormatCandidate candidate;
    candidate.format_id = format.id;
    candidate.display_name = format.display_name;
    candidate.fields = match.fields;
    candidate.matched_required = match.matched_required;
    candidate.missing_required = match.missing_required;
    candidate.unrecognised_columns = Unrecognised(header, match.claimed);

    const double required =
        match.required_total == 0
            ? 1.0
            : static_cast<double>(match.matched_required.size()) / match.required_total;
    const double recall =
        match.documented_total == 0
            ? 0.0
            : static_cast<double>(match.documented_found) / match.documented_total;
    const double precision =
        header.non_empty == 0 ? 0.0 : static_cast<double>(match.claimed_count) / header.non_empty;
    double confidence =
        kRequiredWeight * required + kRecallWeight * recall + kPrecisionWeight * precision;
    if (!match.missing_required.empty()) {
        confidence *= kMissingRequiredFactor;
        candidate.notes.push_back("missing required column(s): " +
                                  JoinNames(match.missing_required));
    }
    *has_contra = !match.contra_found.empty();
    if (*has_contra) {
        confidence *= kContraFactor;
        candidate.notes.push_back("has column(s) this format never has: " +
                                  JoinNames(match.contra_found));
    }
    if (match.documented_found < match.documented_total) {
        candidate.notes.push_back(std::to_string(match.documented_total - match.documented_found) +
                                  " documented column(s) absent");
    }
    if (!candidate.unrecognised_columns.empty()) {
        candidate.notes.push_back(UnrecognisedNote(raw, candidate.unrecognised_columns));
    }
    if (match.claimed_count == 0) confidence = 0.0;
    candidate.confidence = std::clamp(confidence, 0.0, 1.0);
    return candidate;
}

// --- generic catalog ----------------------------------------------------------------------

struct GenericField {
    const char* field;
    std::vector<const char*> aliases;
};

const std::vector<GenericField>& GenericFieldTable() {
    static const std::vector<GenericField>* const kTable = new std::vector<GenericField>{
        {"sku",
         {"sku", "seller sku", "merchant sku", "msku", "variant sku", "item sku", "product sku",
          "sku code", "item code", "product code", "article number", "custom label (sku)",
          "part number"}},
        {"name",
         {"name", "title", "product name", "item name", "product title", "item title", "product"}},
        {"description",
         {"description", "item description", "product description", "long description",
          "body (html)"}},
        {"price",
         {"price", "sale price", "selling price", "retail price", "list price", "your price",
          "variant price", "current price", "unit price"}},
        {"quantity",
         {"quantity", "qty", "stock", "on hand", "stock level", "stock qty", "stock quantity",
          "inventory", "inventory quantity", "quantity on hand", "qty on hand", "available",
          "available quantity", "variant inventory qty"}},
        {"gtin",
         {"gtin", "barcode", "upc", "ean", "ean13", "gtin13", "gtin14", "isbn", "jan",
          "variant barcode"}},
        {"asin", {"asin", "asin1"}},
        {"brand", {"brand", "manufacturer", "vendor", "make"}},
        {"category", {"category", "product category", "type", "product type"}},
        {"cost", {"cost", "unit cost", "cost price", "cost per item", "purchase price"}},
        {"currency", {"currency", "currency code"}},
        {"weight", {"weight", "item weight", "shipping weight"}},
        {"image_url", {"image", "image url", "image src", "main image url", "picture url"}},
        {"condition", {"condition", "item condition"}},
    };
    return *kTable;
}

bool IsGenericField(std::string_view field) {
    for (const GenericField& entry : GenericFieldTable()) {
        if (field == entry.field) return true;
    }
    return false;
}

// Index of the occurrence-th column (1-based) whose normalised name is `name`, or -1.
int FindOccurrence(const NormalizedHeader& header, const std::string& name, int occurrence) {
    int seen = 0;
    for (size_t i = 0; i < header.exact.size(); ++i) {
        if (header.exact[i] == name && ++seen == occurrence) return static_cast<int>(i);
    }
    return -1;
}

FormatCandidate GenericCandidate(const std::vector<std::string>& raw,
                                 const NormalizedHeader& header) {
    FormatCandidate candidate;
    candidate.format_id = std::string(kGenericCatalogFormat);
    candidate.display_name = std::string(kGenericCatalogDisplayName);
    Result<FormatBinding> suggested = BindMapping(SuggestMapping(raw), raw);
    std::vector<bool> claimed(header.exact.size(), false);
    if (suggested.ok()) {
        candidate.fields = suggested->fields;
        for (const auto& [field, index] : candidate.fields) {
            claimed[static_cast<size_t>(index)] = true;
        }
        candidate.matched_required.push_back("sku");
        const double share = header.non_empty == 0
                                 ? 0.0
                                 : static_cast<double>(candidate.fields.size()) / header.non_empty;
        candidate.confidence = kGenericCeiling * std::min(1.0, share);
    } else {
        candidate.missing_required.push_back("sku");
    }
    candidate.unrecognised_columns = Unrecognised(header, claimed);
    candidate.notes.push_back(
        "a suggested mapping by common column names: confirm or change it on the mapping "
        "screen; it is saved for files with the same header");
    return candidate;
}

uint64_t Fnv1a64(std::string_view data, uint64_t hash) {
    for (char c : data) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

}  // namespace

const char* DetectOutcomeName(DetectOutcome outcome) {
    switch (outcome) {
        case DetectOutcome::kRecognised: return "recognised";
        case DetectOutcome::kAmbiguous: return "ambiguous";
        case DetectOutcome::kNeedsMapping: return "needs_mapping";
    }
    return "needs_mapping";
}

Detection DetectFormat(const std::vector<std::string>& header) {
    Detection detection;
    detection.signature = HeaderSignature(header);
    const NormalizedHeader normalized = Normalize(header);

    struct Scored {
        FormatCandidate candidate;
        bool complete;  // every required column, no contra column
        const FormatDef* format;
    };
    std::vector<Scored> scored;
    for (const FormatDef& format : KnownFormats()) {
        bool has_contra = false;
        FormatCandidate candidate = Score(format, header, normalized, &has_contra);
        if (candidate.confidence <= 0.0) continue;  // nothing in common: not worth listing
        const bool complete = candidate.missing_required.empty() && !has_contra;
        scored.push_back({std::move(candidate), complete, &format});
    }
    // Stable: equal confidences keep the table's order (Active before Inactive).
    std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
        return a.candidate.confidence > b.candidate.confidence;
    });

    if (normalized.non_empty == 0) {
        detection.outcome = DetectOutcome::kNeedsMapping;
        detection.reason = "The header row is empty: there are no column names to recognise.";
    } else if (!scored.empty() && scored[0].complete &&
               scored[0].candidate.confidence >= kRecognisedThreshold) {
        const double best = scored[0].candidate.confidence;
        size_t tied = 1;
        while (tied < scored.size() && scored[tied].complete &&
               scored[tied].candidate.confidence >= best - kTieMargin) {
            ++tied;
        }
        if (tied == 1) {
            detection.outcome = DetectOutcome::kRecognised;
            detection.reason = "Recognised as " + scored[0].candidate.display_name +
                               " (confidence " + Percent(best) + ").";
        } else {
            // The header cannot tell these apart: split the confidence so that none of them
            // looks certain, and let the seller choose.
            detection.outcome = DetectOutcome::kAmbiguous;
            std::vector<std::string> names;
            for (size_t i = 0; i < tied; ++i) names.push_back(scored[i].candidate.display_name);
            detection.reason = "The header fits " + JoinNames(names) +
                               " equally well; choose which one this file is.";
            if (!scored[0].format->note.empty()) detection.reason += " " + scored[0].format->note;
            for (size_t i = 0; i < tied; ++i) {
                scored[i].candidate.confidence /= static_cast<double>(tied);
                scored[i].candidate.notes.push_back("tied with " + std::to_string(tied - 1) +
                                                    " other format(s) on this header");
                if (!scored[i].format->note.empty()) {
                    scored[i].candidate.notes.push_back(scored[i].format->note);
                }
            }
        }
    } else {
        detection.outcome = DetectOutcome::kNeedsMapping;
        if (scored.empty()) {
            detection.reason =
                "No known format has any of these columns; map them to "
                "Stocktake's fields.";
        } else if (scored[0].candidate.confidence < kNoResemblance) {
            detection.reason = "No known format matches these columns (the closest, " +
                               scored[0].candidate.display_name + ", scores " +
                               Percent(scored[0].candidate.confidence) +
                               "); map them to Stocktake's fields.";
        } else {
            const FormatCandidate& best = scored[0].candidate;
            detection.reason =
                "No known format fits well enough to import without asking "
                "(closest: " +
                best.display_name + ", confidence " + Percent(best.confidence) + ", threshold " +
                Percent(kRecognisedThreshold);
            if (!best.missing_required.empty()) {
                detection.reason += "; missing " + JoinNames(best.missing_required);
            }
            detection.reason += "). Map the columns, or choose a format.";
        }
    }

    for (Scored& entry : scored) detection.candidates.push_back(std::move(entry.candidate));
    detection.candidates.push_back(GenericCandidate(header, normalized));
    return detection;
}

Result<FormatBinding> BindFormat(std::string_view format_id,
                                 const std::vector<std::string>& header) {
    const FormatDef* format = FindFormat(format_id);
    if (format == nullptr) {
        std::string message = "Unknown format '" + std::string(format_id) + "'";
        if (format_id == kGenericCatalogFormat) message += " (a catalog CSV needs a mapping)";
        return Status::NotFound(std::move(message));
    }
    const Match match = MatchFormat(*format, Normalize(header));
    if (!match.missing_required.empty()) {
        return Status::InvalidArgument("This file cannot be read as " + format->display_name +
                                       ": it has no " + JoinNames(match.missing_required) +
                                       " column" +
                                       (match.missing_required.size() > 1 ? "s." : "."));
    }
    FormatBinding binding;
    binding.format_id = format->id;
    binding.display_name = format->display_name;
    binding.fields = match.fields;
    binding.unrecognised_columns = Unrecognised(Normalize(header), match.claimed);
    return binding;
}

std::string HeaderSignature(const std::vector<std::string>& header) {
    std::vector<std::string> names;
    names.reserve(header.size());
    for (const std::string& cell : header) names.push_back(NormalizeHeaderName(cell));
    std::sort(names.begin(), names.end());
    uint64_t hash = 14695981039346656037ull;
    for (const std::string& name : names) {
        hash = Fnv1a64(name, hash);
        hash = Fnv1a64(std::string_view("\x1f", 1), hash);  // unit separator: no name has it
    }
    char buffer[24];
    std::snprintf(buffer, sizeof(buffer), "h1:%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

const std::vector<std::string>& GenericCatalogFields() {
    static const std::vector<std::string>* const kFields = [] {
        auto* fields = new std::vector<std::string>();
        for (const GenericField& entry : GenericFieldTable()) fields->push_back(entry.field);
        return fields;
    }();
    return *kFields;
}

std::string ColumnMappingToJson(const ColumnMapping& mapping) {
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const auto& [field, column] : mapping.fields) {
        fields[field] = {{"column", column.column}, {"occurrence", column.occurrence}};
    }
    const nlohmann::ordered_json doc = {{"version", 1}, {"fields", fields}};
    // Header text can be mis-decoded bytes; replace rather than throw.
    return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<ColumnMapping> ColumnMappingFromJson(std::string_view text) {
    const nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) return Status::InvalidArgument("it is not valid JSON");
    if (!doc.is_object()) return Status::InvalidArgument("it is not a JSON object");
    // The saved form wraps the fields with a version; people write the short form.
    const nlohmann::json* fields = &doc;
    if (doc.contains("version") || doc.contains("fields")) {
        const auto version = doc.find("version");
        if (version == doc.end() || !version->is_number_integer() || version->get<int64_t>() != 1) {
            return Status::InvalidArgument("it has no supported version (expected 1)");
        }
        const auto found = doc.find("fields");
        if (found == doc.end() || !found->is_object()) {
            return Status::InvalidArgument("it has no \"fields\" object");
        }
        fields = &*found;
    }
    ColumnMapping mapping;
    for (const auto& [field, value] : fields->items()) {
        if (!IsGenericField(field)) {
            std::string known;
            for (const std::string& name : GenericCatalogFields()) {
                known += known.empty() ? name : ", " + name;
            }
            return Status::InvalidArgument("\"" + field +
                                           "\" is not a catalog field (fields: " + known + ")");
        }
        const nlohmann::json* column = &value;
        if (value.is_object()) {
            const auto found = value.find("column");
            column = found != value.end() ? &*found : nullptr;
        }
        if (column == nullptr || !column->is_string()) {
            return Status::InvalidArgument("field \"" + field +
                                           "\" must name a column (a string, or an object with "
                                           "\"column\" and optionally \"occurrence\")");
        }
        MappedColumn mapped;
        mapped.column = column->get<std::string>();
        if (mapped.column.empty()) {
            return Status::InvalidArgument("field \"" + field + "\" names an empty column");
        }
        const auto occurrence = value.is_object() ? value.find("occurrence") : value.end();
        if (occurrence != value.end()) {
            if (!occurrence->is_number_integer() || occurrence->get<int64_t>() < 1 ||
                occurrence->get<int64_t>() > INT_MAX) {
                return Status::InvalidArgument("field \"" + field +
                                               "\" has an occurrence that is not 1 or more");
            }
            mapped.occurrence = static_cast<int>(occurrence->get<int64_t>());
        }
        mapping.fields[field] = std::move(mapped);
    }
    return mapping;
}

ColumnMapping SuggestMapping(const std::vector<std::string>& header) {
    const NormalizedHeader normalized = Normalize(header);
    std::vector<bool> claimed(normalized.exact.size(), false);
    ColumnMapping mapping;
    for (const GenericField& entry : GenericFieldTable()) {
        // Alias order is preference order: "sku" beats "part number" when both exist.
        for (const char* alias : entry.aliases) {
            const std::string key = NormalizeHeaderName(alias);
            int found = -1;
            for (size_t i = 0; i < normalized.exact.size() && found < 0; ++i) {
                if (!claimed[i] && normalized.exact[i] == key) found = static_cast<int>(i);
            }
            if (found < 0) continue;
            claimed[static_cast<size_t>(found)] = true;
            MappedColumn column;
            column.column = header[static_cast<size_t>(found)];
            column.occurrence = 0;
            for (int i = 0; i <= found; ++i) {
                if (normalized.exact[static_cast<size_t>(i)] == key) ++column.occurrence;
            }
            mapping.fields[entry.field] = std::move(column);
            break;
        }
    }
    return mapping;
}

Result<ColumnMapping> MappingFromIndices(const std::vector<std::string>& header,
                                         const std::map<std::string, int>& indices) {
    const NormalizedHeader normalized = Normalize(header);
    ColumnMapping mapping;
    for (const auto& [field, index] : indices) {
        if (!IsGenericField(field)) {
            return Status::InvalidArgument("'" + field + "' is not a catalog field");
        }
        if (index < 0 || static_cast<size_t>(index) >= normalized.exact.size()) {
            return Status::InvalidArgument("field '" + field + "' points at column " +
                                           std::to_string(index) + ", outside the header");
        }
        MappedColumn column;
        column.column = header[static_cast<size_t>(index)];
        column.occurrence = 0;
        const std::string& key = normalized.exact[static_cast<size_t>(index)];
        for (int i = 0; i <= index; ++i) {
            if (normalized.exact[static_cast<size_t>(i)] == key) ++column.occurrence;
        }
        mapping.fields[field] = std::move(column);
    }
    return mapping;
}

Result<FormatBinding> BindMapping(const ColumnMapping& mapping,
                                  const std::vector<std::string>& header) {
    const NormalizedHeader normalized = Normalize(header);
    std::vector<std::string> problems;
    FormatBinding binding;
    binding.format_id = std::string(kGenericCatalogFormat);
    binding.display_name = std::string(kGenericCatalogDisplayName);
    std::vector<bool> claimed(normalized.exact.size(), false);
    for (const auto& [field, column] : mapping.fields) {
        if (!IsGenericField(field)) {
            problems.push_back("'" + field + "' is not a catalog field");
            continue;
        }
        const int index =
            FindOccurrence(normalized, NormalizeHeaderName(column.column), column.occurrence);
        if (index < 0) {
            problems.push_back(field + " -> '" + column.column + "' is not in this header");
            continue;
        }
        binding.fields[field] = index;
        claimed[static_cast<size_t>(index)] = true;
    }
    if (binding.fields.count("sku") == 0 && mapping.fields.count("sku") == 0) {
        problems.push_back("no column is mapped to sku");
    }
    if (!problems.empty()) {
        return Status::InvalidArgument(
            "The column mapping does not fit this file: " + JoinNames(problems) + ".");
    }
    binding.unrecognised_columns = Unrecognised(normalized, claimed);
    return binding;
}

}  // namespace stocktake::engine
