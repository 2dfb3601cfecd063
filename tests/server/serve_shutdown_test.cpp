// Graceful shutdown of the real `stocktake serve` process: SIGTERM while a large download
// is in flight lets that download finish, refuses new connections, and exits 0.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server_test_util.h"

#ifndef STOCKTAKE_BINARY
#error "STOCKTAKE_BINARY must name the built stocktake executable"
#endif

namespace {

using stocktake::server::testing::TempDir;
using stocktake::server::testing::WriteFile;
using Clock = std::chrono::steady_clock;

// A port nothing listens on right now (bound, read, released).
int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    close(fd);
    return ntohs(addr.sin_port);
}

// A connected socket to 127.0.0.1:port, or -1 with errno set. rcvbuf > 0 shrinks the
// receive buffer so the server blocks writing a large body until the test reads it.
int Connect(int port, int rcvbuf = 0) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        const int error = errno;
        close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

// Reads up to n bytes into out; false on error or end of stream before any byte.
bool ReadSome(int fd, std::string& out, size_t n) {
    std::string buf(n, '\0');
    const ssize_t got = read(fd, buf.data(), n);
    if (got <= 0) return false;
    out.append(buf.data(), static_cast<size_t>(got));
    return true;
}

// Reads the child's stderr until it says it is running (or 30 s pass).
bool WaitForStartup(int stderr_fd, std::string& text) {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) {
        if (text.find("is running at") != std::string::npos) return true;
        pollfd p{stderr_fd, POLLIN, 0};
        if (poll(&p, 1, 200) > 0 && !ReadSome(stderr_fd, text, 4096)) return false;
    }
    return false;
}

// waitpid with a deadline; returns the wait status, or -1 on timeout.
int WaitForExit(pid_t pid, std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) return status;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

}  // namespace

TEST_CASE("SIGTERM lets an in-flight download finish, refuses new connections, exits 0",
          "[server][serve][shutdown]") {
    TempDir dir;
    const size_t file_size = size_t{48} << 20;  // far more than socket buffers hold
    WriteFile(dir.path() / "public" / "index.html", "<!doctype html>");
    WriteFile(dir.path() / "public" / "big.bin", std::string(file_size, 'b'));
    const int port = FreePort();

    // The child's environment is built before fork(): after it, only exec-safe calls.
    std::vector<std::string> env_strings;
    const std::string port_text = std::to_string(port);
    const std::string data = (dir.path() / "data").string();
    const std::string public_dir = (dir.path() / "public").string();
    env_strings.push_back("APP_HOST=127.0.0.1");
    env_strings.push_back("APP_PORT=" + port_text);
    env_strings.push_back("APP_DATA_DIR=" + data);
    env_strings.push_back("APP_PUBLIC_DIR=" + public_dir);
    env_strings.push_back("APP_DEV_MODE=1");  // a throwaway token key
    std::vector<char*> envp;
    for (std::string& entry : env_strings) envp.push_back(entry.data());
    envp.push_back(nullptr);

    int err_pipe[2];
    REQUIRE(pipe(err_pipe) == 0);
    const int null_fd = open("/dev/null", O_WRONLY);
    REQUIRE(null_fd >= 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(err_pipe[1], STDERR_FILENO);
        dup2(null_fd, STDOUT_FILENO);
        execle(STOCKTAKE_BINARY, STOCKTAKE_BINARY, "serve", static_cast<char*>(nullptr),
               envp.data());
        _exit(127);
    }
    close(null_fd);
    close(err_pipe[1]);
    std::string stderr_text;
    const bool started = WaitForStartup(err_pipe[0], stderr_text);
    INFO("stderr: " << stderr_text);
    if (!started) kill(pid, SIGKILL);
    REQUIRE(started);

    // Start the download and take only its first bytes: the server is now blocked writing.
    const int download = Connect(port, 16 * 1024);
    REQUIRE(download >= 0);
    const std::string request = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    REQUIRE(write(download, request.data(), request.size()) ==
            static_cast<ssize_t>(request.size()));
    // Until the body has begun: from then on the server is inside its write of the body.
    std::string response;
    while (response.find("\r\n\r\n") == std::string::npos ||
           response.size() <= response.find("\r\n\r\n") + 4) {
        REQUIRE(ReadSome(download, response, 4096));
    }
    REQUIRE(response.rfind("HTTP/1.1 200", 0) == 0);

    REQUIRE(kill(pid, SIGTERM) == 0);

    // New connections are refused soon after the signal, while the download is unfinished.
    bool refused = false;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (!refused && Clock::now() < deadline) {
        const int probe = Connect(port);
        if (probe < 0 && errno == ECONNREFUSED) {
            refused = true;
        } else {
            if (probe >= 0) close(probe);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    CHECK(refused);
    CHECK(WaitForExit(pid, std::chrono::seconds(0)) == -1);  // still draining

    // The rest of the body arrives in full.
    const size_t header_end = response.find("\r\n\r\n") + 4;
    CHECK_THAT(response.substr(0, header_end),
               Catch::Contains("Content-Length: " + std::to_string(file_size)));
    size_t body_bytes = response.size() - header_end;
    std::string chunk;
    while (body_bytes < file_size) {
        chunk.clear();
        if (!ReadSome(download, chunk, 1 << 16)) break;
        body_bytes += chunk.size();
    }
    close(download);
    CHECK(body_bytes == file_size);

    const int status = WaitForExit(pid, std::chrono::seconds(20));
    if (status == -1) kill(pid, SIGKILL);
    REQUIRE(status != -1);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    close(err_pipe[0]);
}
