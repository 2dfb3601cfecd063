// `stocktake webhook token create|list|revoke` and `stocktake webhook secret
// add|list|revoke`: an organisation's secret-URL tokens and signing secrets, in the server's
// database, so they rotate without a restart (create the new one, switch the sender, then
// revoke the old). --json prints one JSON object on stdout. Exit codes as in cli.h.
#include <iostream>
#include <optional>

#include "cli.h"
#include "command_args.h"
#include "storage/storage.h"
#include "webhooks/webhook_credentials.h"

namespace stocktake::server {
namespace {

constexpr int kCommandPoolSize = 1;

// Every subcommand takes the same options; which are required is checked after parsing.
std::optional<CommandShape> ShapeOf(const std::string& kind) {
    if (kind != "token" && kind != "secret") return std::nullopt;
    return CommandShape{{"--org", "--id"}, {"--secret-stdin"}, 2, 2};
}

bool IsSubcommand(const std::string& kind, const std::string& sub) {
    return sub == (kind == "token" ? "create" : "add") || sub == "list" || sub == "revoke";
}

Json CredentialJson(const WebhookCredential& c) {
    return {{"id", c.id},
            {"created_at", c.created_at},
            {"revoked_at", c.revoked_at.empty() ? Json() : Json(c.revoked_at)}};
}

std::string CredentialLine(const WebhookCredential& c) {
    return c.id + "  created " + c.created_at +
           (c.revoked_at.empty() ? "  active" : "  revoked " + c.revoked_at) + "\n";
}

class Runner : public CommandOutput {
  public:
    Runner(WebhookCredentialStore& store, const CommandArgs& args, std::ostream& out,
           std::ostream& err)
        : CommandOutput(args, out, err), store_(store) {}

    int TokenCreate() {
        std::string token;
        Result<WebhookCredential> made = store_.CreateToken(Value("--org"), &token);
        if (!made.ok()) return Fail(made.status());
        const std::string path = "/api/v1/webhooks/shipstation/" + Value("--org") + "/" + token;
        return Print({{"token", CredentialJson(*made)}, {"value", token}, {"path", path}},
                     "created token " + made->id +
                         " (shown once, store it now; only its hash is kept):\n  " + token +
                         "\nShipStation's webhook URL: https://<your server>" + path + "\n");
    }

    int SecretAdd(std::string value) {
        const bool generated = value.empty();
        Result<WebhookCredential> made = store_.AddSecret(Value("--org"), &value);
        if (!made.ok()) return Fail(made.status());
        Json doc = {{"secret", CredentialJson(*made)}};
        std::string text = "added secret " + made->id + "\n";
        if (generated) {
            doc["value"] = value;
            text += "secret (shown once, give it to the signing sender now):\n  " + value + "\n";
        }
        return Print(doc, text);
    }

    int List(const std::string& kind) {
        Result<std::vector<WebhookCredential>> list = kind == "token"
                                                          ? store_.ListTokens(Value("--org"))
                                                          : store_.ListSecrets(Value("--org"));
        if (!list.ok()) return Fail(list.status());
        Json items = Json::array();
        std::string text;
        for (const WebhookCredential& c : *list) {
            items.push_back(CredentialJson(c));
            text += CredentialLine(c);
        }
        return Print({{"org_id", Value("--org")}, {kind + "s", items}},
                     text.empty() ? "no " + kind + "s\n" : text);
    }

    int Revoke(const std::string& kind) {
        Status done = kind == "token" ? store_.RevokeToken(Value("--org"), Value("--id"))
                                      : store_.RevokeSecret(Value("--org"), Value("--id"));
        if (!done.ok()) return Fail(done);
        return Print({{"revoked", Value("--id")}}, "revoked " + kind + " " + Value("--id") + "\n");
    }

  private:
    WebhookCredentialStore& store_;
};

}  // namespace

void PrintWebhookUsage(std::ostream& os) {
    os << "Usage:\n"
          "  stocktake webhook token create --org ID\n"
          "  stocktake webhook token list --org ID\n"
          "  stocktake webhook token revoke --org ID --id TOKEN_ID\n"
          "  stocktake webhook secret add --org ID [--secret-stdin]\n"
          "  stocktake webhook secret list --org ID\n"
          "  stocktake webhook secret revoke --org ID --id SECRET_ID\n"
          "\n"
          "A token makes the organisation's secret webhook URL, for ShipStation's own v1\n"
          "webhooks (they sign nothing): POST /api/v1/webhooks/shipstation/ORG/TOKEN. It is\n"
          "printed once; only its hash is stored. A secret signs deliveries from a relay\n"
          "(X-ShipStation-Signature); without --secret-stdin one is generated and printed\n"
          "once, with it the first line of stdin is the secret (16+ characters).\n"
          "Rotate without downtime: create the new one, switch the sender, revoke the old\n"
          "(both work meanwhile; a revoked one stops within 5 seconds).\n"
          "\n"
          "Every command works on the server's database (APP_DATABASE_URL, or --db URL) and\n"
          "takes --json (one JSON object on stdout).\n"
          "\n"
          "Exit status: 0 done, 1 refused (message on stderr; with --json also\n"
          "{\"error\": ...}), 2 bad command line.\n";
}

int WebhookCommand(const std::vector<std::string>& argv, const Config& config, std::ostream& out,
                   std::ostream& err) {
    int exit_code = kExitUsage;
    std::optional<CommandArgs> parsed =
        ParseSubcommand("webhook", argv, {"--org", "--id"}, {"--secret-stdin"}, ShapeOf,
                        PrintWebhookUsage, out, err, &exit_code);
    if (!parsed) return exit_code;
    const CommandArgs& args = *parsed;
    const std::string kind = args.operands[0];
    const std::string sub = args.operands[1];
    if (!IsSubcommand(kind, sub)) {
        return UsageError("webhook", "unknown command \"" + kind + " " + sub + "\"",
                          PrintWebhookUsage, err);
    }
    if (args.flags.count("--secret-stdin") != 0 && !(kind == "secret" && sub == "add")) {
        return UsageError("webhook", "--secret-stdin is for secret add", PrintWebhookUsage, err);
    }
    if (args.values.count("--org") == 0) {
        return UsageError("webhook", "--org is required", PrintWebhookUsage, err);
    }
    if (sub == "revoke" && args.values.count("--id") == 0) {
        return UsageError("webhook", "--id is required", PrintWebhookUsage, err);
    }
    std::string secret;
    if (args.flags.count("--secret-stdin") != 0) {
        std::getline(std::cin, secret);
        if (!secret.empty() && secret.back() == '\r') secret.pop_back();
        if (secret.empty()) {
            return UsageError("webhook", "--secret-stdin read an empty line", PrintWebhookUsage,
                              err);
        }
    }
    Result<std::unique_ptr<SqlDatabase>> db =
        OpenStorage(args.db.empty() ? config.database_url : args.db, kCommandPoolSize);
    if (!db.ok()) return FailWith(db.status(), args.json, out, err);
    WebhookCredentialStore store(**db);
    Runner run(store, args, out, err);
    if (sub == "create") return run.TokenCreate();
    if (sub == "add") return run.SecretAdd(secret);
    if (sub == "list") return run.List(kind);
    return run.Revoke(kind);
}

}  // namespace stocktake::server
