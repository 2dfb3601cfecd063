// Shared by the benchmarks: reading the input file whole.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace stocktake::bench {

// The file's bytes; empty when it cannot be read.
inline std::string ReadFileBytes(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace stocktake::bench
