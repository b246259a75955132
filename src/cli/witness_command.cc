#include "cli/witness_command.h"

#include <signal.h>

#include <cstdio>
#include <filesystem>

#include "cli/command.h"
#include "cli/serve_config.h"
#include "http/http.h"
#include "store/sqlite/sqlite_db.h"
#include "web/kit/routes.h"
#include "web/witness/witness.h"
#include "witness/witness_client.h"

namespace klang::cli {
namespace {

int KeysNew(const std::string& out) {
  if (out.empty()) return Fail(Status::InvalidInput("cli.key_out", "ต้องระบุ --out", "klang keys new --out FILE"));
  const witness::SigningKey key = witness::SigningKey::Generate();
  if (Status saved = key.Save(out); !saved.ok()) return Fail(saved);
  std::printf("Key %s: private key in %s (mode 600: only the service user may read it), public key in %s.pub\n",
              key.public_key().id.c_str(), out.c_str(), out.c_str());
  return 0;
}

// The witness's own store: <dir>/witness.db.
Result<std::unique_ptr<store::Db>> OpenWitnessStore(const std::string& dir, bool create) {
  if (dir.empty()) return Status::InvalidInput("cli.witness_data", "ต้องระบุ --data ของพยาน", "--data DIR");
  const std::filesystem::path file = std::filesystem::path(dir) / "witness.db";
  if (!create && !std::filesystem::exists(file)) {
    return Status::NotFound("cli.no_data", "ไม่พบข้อมูลของพยาน", "no witness data in " + dir);
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::Unavailable("cli.data_dir", "cannot create " + dir);
  store::SqliteOptions options;
  options.path = file.string();
  KLANG_ASSIGN_OR_RETURN(std::unique_ptr<store::Db> db, store::OpenSqlite(options));
  KLANG_RETURN_IF_ERROR(store::ApplyMigrations(*db, witness::WitnessStore::Migrations()));
  return db;
}

int WitnessServe(const WitnessArgs& args) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  if (args.trust.empty()) {
    return Fail(Status::InvalidInput("cli.witness_trust", "ต้องระบุกุญแจสาธารณะที่เชื่อถืออย่างน้อยหนึ่งแฟ้ม",
                                     "--trust FILE.pub (repeatable)"));
  }
  auto trusted = witness::LoadPublicKeys(args.trust);
  if (!trusted.ok()) return Fail(trusted.status());
  auto listen = ParseListen(args.listen);
  if (!listen.ok()) return Fail(listen.status());
  auto db = OpenWitnessStore(args.witness_data, /*create=*/true);
  if (!db.ok()) return Fail(db.status());
  SystemClock clock;
  witness::WitnessStore keeper(**db, *trusted, clock);
  http::Router router;
  web::RouteTable table(router, "witness");
  web::WitnessWeb web{keeper};
  web::RegisterWitnessRoutes(table, web);
  http::ServerOptions options;
  options.listen_address = listen->first;
  options.listen_port = listen->second;
  http::Server server(options, router, nullptr);
  if (Status started = server.Start(); !started.ok()) return Fail(started);
  std::printf("Klang witness keeping %s on http://%s:%u/ (trusting %zu key(s))\n", (*db)->description().c_str(),
              options.listen_address.c_str(), server.port(), trusted->size());
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  server.Stop();
  return 0;
}

int WitnessList(const WitnessArgs& args) {
  auto db = OpenWitnessStore(args.witness_data, /*create=*/false);
  if (!db.ok()) return Fail(db.status());
  SystemClock clock;
  witness::WitnessStore keeper(**db, {}, clock);
  auto held = keeper.List(args.org > 0 ? std::optional(args.org) : std::nullopt);
  if (!held.ok()) return Fail(held.status());
  for (const auto& one : *held) std::printf("%s\n", witness::ToJson(one).dump().c_str());
  return std::fflush(stdout) == 0 ? 0 : 1;
}

int Checkpoint(const Location& location, const WitnessArgs& args) {
  if (args.key_file.empty()) {
    return Fail(Status::InvalidInput("cli.checkpoint_key", "ต้องระบุกุญแจลงนาม --key", "--key FILE"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  WitnessSettings settings;
  settings.key_file = args.key_file;
  settings.witnesses = args.witnesses;
  settings.trust = args.trust;
  if (Status configured = (*app)->ConfigureWitness(settings); !configured.ok()) return Fail(configured);
  witness::CheckpointService& checkpoints = (*app)->checkpoints();
  auto signed_count = checkpoints.SignDue(/*on_demand=*/true);
  if (!signed_count.ok()) return Fail(signed_count.status());
  auto delivered = checkpoints.Deliver(/*ignore_backoff=*/true);
  if (!delivered.ok()) return Fail(delivered.status());
  std::printf("SIGNED %zu checkpoint(s); DELIVERED %zu to %zu witness(es)\n", *signed_count, *delivered,
              args.witnesses.size());
  int status = 0;
  auto heads = (*app)->ledger().AllHeads();
  if (!heads.ok()) return Fail(heads.status());
  for (const auto& [org, head] : *heads) {
    auto state = checkpoints.StateOf(org);
    if (!state.ok()) return Fail(state.status());
    if (!state->refused_to_sign.empty()) {
      std::printf("REFUSED org=%lld: %s\n", static_cast<long long>(org), state->refused_to_sign.c_str());
      status = 1;
    }
  }
  if (checkpoints.refused() > 0) {
    std::printf("REFUSED_BY_WITNESS %zu checkpoint(s) (stderr names each)\n", checkpoints.refused());
    status = 1;
  }
  if (!heads->empty()) {  // a witness's delivery problem is the same for every organisation
    auto state = checkpoints.StateOf(heads->front().first);
    if (!state.ok()) return Fail(state.status());
    for (const auto& one : state->witnesses) {
      if (one.last_error.empty()) continue;
      std::printf("UNDELIVERED witness=%s: %s (klang serve delivers it later)\n", one.witness.c_str(),
                  one.last_error.c_str());
      status = 1;
    }
  }
  return status;
}

}  // namespace

WitnessCommands AddWitnessCommands(CLI::App& cli, Location& location, WitnessArgs& args) {
  WitnessCommands commands;
  commands.keys = cli.add_subcommand("keys", "signing keys of checkpoints: new");
  commands.keys->add_option("action", args.key_action, "new")->required()->check(CLI::IsMember({"new"}));
  commands.keys->add_option("--out", args.out, "private key file (FILE.pub gets the public key)")->required();
  commands.witness = cli.add_subcommand("witness", "an independent witness of checkpoints: serve, list");
  commands.witness->add_option("action", args.witness_action, "serve|list")->required()->check(
      CLI::IsMember({"serve", "list"}));
  commands.witness->add_option("--data", args.witness_data, "the witness's own data folder")->required();
  commands.witness->add_option("--listen", args.listen, "serve: address:port");
  commands.witness->add_option("--trust", args.trust, "serve: public key file of a signing node (repeatable)");
  commands.witness->add_option("--org", args.org, "list: one organisation");
  commands.checkpoint = cli.add_subcommand("checkpoint", "sign every organisation's head now and deliver it");
  commands.checkpoint->add_option("--data", location.data_dir, "data folder (SQLite)");
  commands.checkpoint->add_option("--db", location.db_url, "PostgreSQL URL instead of --data");
  commands.checkpoint->add_option("--key", args.key_file, "the signing key (klang keys new)")->required();
  commands.checkpoint->add_option("--witness", args.witnesses, "a witness's URL (repeatable)");
  commands.checkpoint->add_option("--trust", args.trust, "older public keys of this node (after a rotation)");
  return commands;
}

std::optional<int> RunWitnessCommand(const WitnessCommands& commands, const Location& location,
                                     const WitnessArgs& args) {
  if (commands.keys->parsed()) return KeysNew(args.out);
  if (commands.witness->parsed()) return args.witness_action == "serve" ? WitnessServe(args) : WitnessList(args);
  if (commands.checkpoint->parsed()) return Checkpoint(location, args);
  return std::nullopt;
}

Result<ledger::Anchors> WitnessedAnchors(const std::vector<std::string>& urls, const std::vector<std::string>& trust) {
  std::vector<witness::PublicKey> trusted;
  if (!trust.empty()) {
    KLANG_ASSIGN_OR_RETURN(trusted, witness::LoadPublicKeys(trust));
  }
  ledger::Anchors anchors;
  for (const std::string& url : urls) {
    auto client = witness::MakeHttpWitnessClient(url);
    KLANG_ASSIGN_OR_RETURN(std::vector<witness::SignedCheckpoint> held, client->Fetch(std::nullopt));
    size_t kept = 0;
    for (const auto& one : held) {
      if (!trusted.empty()) {
        if (Status checked = witness::CheckSignature(one, trusted); !checked.ok()) {
          std::fprintf(stderr, "witness %s: org %lld seq %lld left out: %s\n", url.c_str(),
                       static_cast<long long>(one.checkpoint.org), static_cast<long long>(one.checkpoint.seq),
                       checked.detail_en().c_str());
          continue;
        }
      }
      anchors[one.checkpoint.org].push_back({one.checkpoint.seq, one.checkpoint.hash});
      ++kept;
    }
    std::fprintf(stderr, "witness %s: %zu checkpoint(s)\n", url.c_str(), kept);
    if (kept == 0) {  // holding nothing to nothing proves nothing: say so rather than pass
      return Status::NotFound("witness.none_held", "พยานไม่มีจุดตรวจสอบที่ใช้ได้",
                              url + " holds no checkpoint" + (trusted.empty() ? "" : " signed by a trusted key"));
    }
  }
  return anchors;
}

}  // namespace klang::cli
