// FieldClocks: for one record, the clock of the op that last set each field, so that an op
// arriving late (older) cannot overwrite a newer value: last-writer-wins per field.
// A clock is HlcText(hlc) followed by the device id, so comparing the text compares the
// time first and breaks ties by device id, the same way on every device.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stocktake::engine {

std::string ClockOf(uint64_t hlc, std::string_view device);
void AppendClockOf(uint64_t hlc, std::string_view device, std::string* out);

class FieldClocks {
  public:
    // Text form: "clock=field,field;clock=field", one group per clock (an op usually sets
    // several fields at once, so a record's clocks stay short).
    static FieldClocks Parse(std::string_view text);
    std::string Text() const;
    // Text() of clocks where one clock set every field of fields (in name order).
    static std::string TextOfOne(std::string_view clock,
                                 const std::vector<std::string_view>& fields);

    // The clock that set field; "" (older than any clock) when none has.
    std::string_view Of(std::string_view field) const;
    void Set(std::string_view field, std::string_view clock);

  private:
    std::map<std::string, std::string, std::less<>> by_field_;
};

}  // namespace stocktake::engine
