// Accounts from the command line: `stocktake org create` and `stocktake user add|list|
// disable`, run against the server's database (the one `stocktake serve` uses), so an
// operator can create the first organisation and its users without open registration.
// --json prints one JSON object on stdout. Exit codes as in cli.h.
#include <iostream>
#include <optional>

#include "auth/account_store.h"
#include "auth/crypto.h"
#include "auth/password.h"
#include "cli.h"
#include "command_args.h"
#include "storage/storage.h"

namespace stocktake::server {
namespace {

// Connections are few: one command, one request at a time.
constexpr int kCommandPoolSize = 1;
// 18 random bytes: 24 base64url characters, well past the password policy.
constexpr size_t kGeneratedPasswordBytes = 18;

// The server's database: --db when given, else the one `stocktake serve` opens. The one
// place to switch when Config gains database_url (APP_DATABASE_URL).
std::string DatabaseUrl(const CommandArgs& args, const Config& config) {
    return args.db.empty() ? config.database_url : args.db;
}

Json UserJson(const User& user) {
    return {{"id", user.id},
            {"org_id", user.org_id},
            {"email", user.email},
            {"roles", RoleNames(user.roles)},
            {"allowed_channels", user.allowed_channels},
            {"disabled", user.disabled},
            {"created_at", user.created_at}};
}

std::string UserLine(const User& user) {
    std::string roles;
    for (const std::string& role : RoleNames(user.roles))
        roles += (roles.empty() ? "" : ",") + role;
    std::string channels;
    for (const std::string& c : user.allowed_channels)
        channels += (channels.empty() ? "" : ",") + c;
    return user.email + "  " + user.id + "  " + roles + "  channels " +
           (channels.empty() ? "all" : channels) + (user.disabled ? "  disabled" : "") + "\n";
}

std::optional<CommandShape> ShapeOf(const std::string& command, const std::string& sub) {
    if (command == "org" && sub == "create") return CommandShape{{}, {}, 2, 2};
    if (command != "user") return std::nullopt;
    if (sub == "add") {
        return CommandShape{{"--org", "--email", "--role", "--channels"}, {"--password-stdin"}};
    }
    if (sub == "list") return CommandShape{{"--org"}, {}};
    if (sub == "disable") return CommandShape{{"--org", "--email"}, {}};
    return std::nullopt;
}

class Runner : public CommandOutput {
  public:
    Runner(AccountStore& store, const CommandArgs& args, std::ostream& out, std::ostream& err)
        : CommandOutput(args, out, err), store_(store) {}

    AuditEntry Audit() const { return AuditEntry{"", "", "cli", "", "", "", "{}"}; }

    int OrgCreate() {
        Result<Organisation> org = store_.CreateOrganisation(args_.operands[1], Audit());
        if (!org.ok()) return Fail(org.status());
        return Print({{"id", org->id}, {"name", org->name}, {"created_at", org->created_at}},
                     "created organisation \"" + org->name + "\" with id " + org->id + "\n");
    }

    int UserAdd(const std::vector<Role>& roles, const std::optional<std::string>& password) {
        std::string chosen;
        if (password) {
            chosen = *password;
        } else {
            Result<std::string> bytes = RandomBytes(kGeneratedPasswordBytes);
            if (!bytes.ok()) return Fail(bytes.status());
            chosen = Base64UrlEncode(*bytes);
        }
        Status policy = CheckPasswordPolicy(chosen);
        if (!policy.ok()) return Fail(policy);
        Result<std::string> hash = PasswordHasher().Hash(chosen);
        if (!hash.ok()) return Fail(hash.status());
        User user;
        user.org_id = Value("--org");
        user.email = Value("--email");
        user.password_hash = *hash;
        user.roles = roles;
        user.allowed_channels = SplitCommaList(Value("--channels"));
        Result<User> added = store_.AddUser(user, Audit());
        if (!added.ok()) return Fail(added.status());
        Json doc = {{"user", UserJson(*added)}};
        std::string text = "added " + UserLine(*added);
        if (!password) {
            // Shown once, here; only its hash is stored.
            doc["password"] = chosen;
            text += "password (shown once, store it now): " + chosen + "\n";
        }
        return Print(doc, text);
    }

    int UserList() {
        Result<std::vector<User>> users = store_.ListUsers(Value("--org"));
        if (!users.ok()) return Fail(users.status());
        Json list = Json::array();
        std::string text;
        for (const User& user : *users) {
            list.push_back(UserJson(user));
            text += UserLine(user);
        }
        return Print({{"org_id", Value("--org")}, {"users", list}},
                     text.empty() ? "no users\n" : text);
    }

    int UserDisable() {
        Result<User> user = store_.DisableUser(Value("--org"), Value("--email"), Audit());
        if (!user.ok()) return Fail(user.status());
        return Print({{"user", UserJson(*user)}}, "disabled " + UserLine(*user));
    }

  private:
    AccountStore& store_;
};

}  // namespace

void PrintAccountUsage(std::ostream& os) {
    os << "Usage:\n"
          "  stocktake org create NAME\n"
          "  stocktake user add --org ID --email EMAIL --role ROLE [--role ROLE]...\n"
          "                     [--channels amazon,ebay] [--password-stdin]\n"
          "  stocktake user list --org ID\n"
          "  stocktake user disable --org ID --email EMAIL\n"
          "\n"
          "Roles: owner, admin, manager, staff, viewer. Without --channels the user may use every\n"
          "channel. Without --password-stdin a password is generated and printed once; with it\n"
          "the first line of stdin is the password (at least 12 characters). Disabling a user\n"
          "ends their sessions at once.\n"
          "\n"
          "Every command works on the server's database (<data dir>/server.db, or --db URL) and\n"
          "takes --json (one JSON object on stdout).\n"
          "\n"
          "Exit status: 0 done, 1 refused (message on stderr; with --json also\n"
          "{\"error\": ...}), 2 bad command line.\n";
}

int AccountCommand(const std::string& command, const std::vector<std::string>& argv,
                   const Config& config, std::ostream& out, std::ostream& err) {
    int exit_code = kExitUsage;
    std::optional<CommandArgs> parsed = ParseSubcommand(
        command, argv, {"--org", "--email", "--role", "--channels"}, {"--password-stdin"},
        [&](const std::string& sub) { return ShapeOf(command, sub); }, PrintAccountUsage, out, err,
        &exit_code);
    if (!parsed) return exit_code;
    const CommandArgs& args = *parsed;
    const std::string sub = args.operands[0];
    std::vector<std::string> required;
    if (command == "user") required.push_back("--org");
    if (sub == "add" || sub == "disable") required.push_back("--email");
    for (const std::string& name : required) {
        if (args.values.count(name) == 0) {
            return UsageError(command, name + " is required", PrintAccountUsage, err);
        }
    }
    std::vector<Role> roles;
    for (auto [it, end] = args.repeated.equal_range("--role"); it != end; ++it) {
        std::optional<Role> role = ParseRole(it->second);
        if (!role) {
            return UsageError(
                command,
                "unknown role \"" + it->second + "\": use owner, admin, manager, staff or viewer",
                PrintAccountUsage, err);
        }
        roles.push_back(*role);
    }
    if (sub == "add" && roles.empty()) {
        return UsageError(command, "--role is required", PrintAccountUsage, err);
    }
    std::optional<std::string> password;
    if (args.flags.count("--password-stdin") != 0) {
        std::string line;
        std::getline(std::cin, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        password = line;
    }

    Result<std::unique_ptr<SqlDatabase>> db =
        OpenStorage(DatabaseUrl(args, config), kCommandPoolSize);
    if (!db.ok()) return FailWith(db.status(), args.json, out, err);
    AccountStore store(**db);
    Runner run(store, args, out, err);
    if (command == "org") return run.OrgCreate();
    if (sub == "add") return run.UserAdd(roles, password);
    if (sub == "list") return run.UserList();
    return run.UserDisable();
}

}  // namespace stocktake::server
