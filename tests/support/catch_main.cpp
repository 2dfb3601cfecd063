// Catch2 v2 has no Catch2WithMain target: this file is the one main() of every test binary.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
