// stocktake: the Stocktake server and its command-line tools.
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    return stocktake::server::RunCli(args, stocktake::server::ReadEnvironment(), std::cout,
                                     std::cerr);
}
