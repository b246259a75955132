// The store's behavioural suite, run against SQLite and PostgreSQL alike: the same SQL, the
// same answers, the same error codes. PostgreSQL cases need the cluster fixture (see
// tests/support/test_db.h).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <thread>

#include "store/db.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/wal_vfs.h"
#include "store/statement_cache.h"
#include "tests/support/test_db.h"

namespace klang::store {
namespace {

class StoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") {
      GTEST_SKIP() << "PostgreSQL cluster not configured (run through ctest)";
    }
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    const std::vector<Migration> migrations = {
        {"test", 1,
         "CREATE TABLE items (id {INT} PRIMARY KEY, name TEXT NOT NULL UNIQUE, amount {INT}) "
         "{STRICT}"},
        {"test", 2, "CREATE INDEX items_amount ON items (amount)"},
    };
    ASSERT_TRUE(ApplyMigrations(*db_, migrations).ok());
  }
  std::unique_ptr<Db> db_;
};

TEST_P(StoreTest, InsertQueryAndTypes) {
  auto lease = db_->Acquire();
  ASSERT_TRUE(lease.ok());
  Connection& connection = **lease;
  EXPECT_EQ(connection.Execute("INSERT INTO items (id, name, amount) VALUES ($1, $2, $3)",
                               {int64_t{1}, std::string("ใบเสร็จ"), int64_t{123450}})
                .value(),
            1);
  ASSERT_TRUE(connection.Execute("INSERT INTO items (id, name, amount) VALUES ($1, $2, $3)",
                                 {int64_t{2}, std::string("b"), Null{}})
                  .ok());
  auto rows = connection.Query("SELECT id, name, amount FROM items ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Int(0), 1);
  EXPECT_EQ((*rows)[0].Text(1), "ใบเสร็จ");
  EXPECT_EQ((*rows)[0].Int(2), 123450);
  EXPECT_TRUE((*rows)[1].IsNull(2));
  // Parameters may repeat and appear out of order.
  auto reordered = connection.Query("SELECT name FROM items WHERE amount = $2 OR id = $1 OR id = $1",
                                    {int64_t{2}, int64_t{123450}});
  ASSERT_TRUE(reordered.ok());
  EXPECT_EQ(reordered->size(), 2u);
  // Sums of large integers stay integers (money in satang).
  auto sum = connection.Query("SELECT CAST(COALESCE(SUM(amount), 0) AS {INT}) FROM items");
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ((*sum)[0].Int(0), 123450);
}

// QueryEach streams the rows where they lie: the same values as Query, in order; an error from the
// visitor stops the query, is returned, and leaves the connection usable.
TEST_P(StoreTest, QueryEachVisitsRowsInOrderAndStopsOnAnError) {
  auto lease = db_->Acquire();
  ASSERT_TRUE(lease.ok());
  Connection& connection = **lease;
  for (int64_t id = 1; id <= 5; ++id) {
    ASSERT_TRUE(connection.Execute("INSERT INTO items (id, name, amount) VALUES ($1, $2, $3)",
                                   {id, std::string("ใบที่ ") + std::to_string(id), id == 3 ? Value(Null{}) : Value(id * 100)})
                    .ok());
  }
  const std::string sql = "SELECT id, name, amount FROM items WHERE id >= $1 ORDER BY id";
  std::vector<std::string> seen;
  ASSERT_TRUE(connection.QueryEach(sql, {int64_t{2}}, [&](const RowView& row) {
    seen.push_back(std::to_string(row.Int(0)) + ":" + std::string(row.Text(1)) + ":" +
                   (row.IsNull(2) ? "null" : std::to_string(row.Int(2))));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"2:ใบที่ 2:200", "3:ใบที่ 3:null", "4:ใบที่ 4:400", "5:ใบที่ 5:500"}));

  int visited = 0;
  const Status stopped = connection.QueryEach(sql, {int64_t{1}}, [&](const RowView& row) {
    ++visited;
    return row.Int(0) == 2 ? Status::Internal("test.stop", "stop here") : Status::Ok();
  });
  EXPECT_EQ(stopped.stable_code(), "test.stop");
  EXPECT_EQ(visited, 2);
  auto again = connection.Query(sql, {int64_t{4}});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->size(), 2u);
}

TEST_P(StoreTest, UniqueViolationIsConflict) {
  auto lease = db_->Acquire();
  ASSERT_TRUE(lease.ok());
  ASSERT_TRUE((*lease)->Execute("INSERT INTO items (id, name) VALUES (1, 'a')").ok());
  auto again = (*lease)->Execute("INSERT INTO items (id, name) VALUES (2, 'a')");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.status().stable_code(), "store.unique_violation");
}

TEST_P(StoreTest, RollbackWritesNothing) {
  Status status = InTransaction(*db_, TransactionMode::kWrite, [](Connection& tx) -> Status {
    KLANG_RETURN_IF_ERROR(tx.Execute("INSERT INTO items (id, name) VALUES (1, 'a')").status());
    return Status::InvalidInput("test.fail", "ทดสอบ");
  });
  EXPECT_EQ(status.stable_code(), "test.fail");
  auto lease = db_->Acquire();
  auto rows = (*lease)->Query("SELECT count(*) FROM items");
  EXPECT_EQ((*rows)[0].Int(0), 0);
}

TEST_P(StoreTest, ExecuteManyAppliesAllInOrderAndReportsFirstError) {
  std::vector<Params> rows;
  for (int64_t index = 1; index <= 500; ++index) {
    rows.push_back({index, "n" + std::to_string(index), index * 100});
  }
  ASSERT_TRUE(InTransaction(*db_, TransactionMode::kWrite, [&](Connection& tx) {
                return tx.ExecuteMany("INSERT INTO items (id, name, amount) VALUES ($1, $2, $3)",
                                      rows);
              }).ok());
  auto lease = db_->Acquire();
  auto sum = (*lease)->Query("SELECT CAST(SUM(amount) AS {INT}), count(*) FROM items");
  EXPECT_EQ((*sum)[0].Int(0), 100 * 500 * 501 / 2);
  EXPECT_EQ((*sum)[0].Int(1), 500);
  // A batch with a duplicate fails as a whole inside its transaction.
  Status failed = InTransaction(**lease, TransactionMode::kWrite, [](Connection& tx) {
    return tx.ExecuteMany("INSERT INTO items (id, name) VALUES ($1, $2)",
                          {{int64_t{1000}, std::string("x")}, {int64_t{1}, std::string("y")}});
  });
  EXPECT_EQ(failed.code(), ErrorCode::kConflict);
  auto count = (*lease)->Query("SELECT count(*) FROM items");
  EXPECT_EQ((*count)[0].Int(0), 500);
}

TEST_P(StoreTest, UpsertAccumulates) {
  auto lease = db_->Acquire();
  const char* upsert =
      "INSERT INTO items (id, name, amount) VALUES ($1, $2, $3) "
      "ON CONFLICT (id) DO UPDATE SET amount = items.amount + excluded.amount";
  ASSERT_TRUE((*lease)->ExecuteMany(upsert, {{int64_t{1}, std::string("a"), int64_t{5}},
                                             {int64_t{1}, std::string("a"), int64_t{7}}})
                  .ok());
  auto rows = (*lease)->Query("SELECT amount FROM items WHERE id = 1");
  EXPECT_EQ((*rows)[0].Int(0), 12);
}

// 100 rows go as statements of 64, 32 and 4 rows on PostgreSQL; the upsert adds to the ten rows
// already there exactly as one statement per row would.
TEST_P(StoreTest, InsertRowsMeansWhatOneStatementPerRowMeans) {
  auto lease = db_->Acquire();
  for (int64_t id = 1; id <= 10; ++id) {
    ASSERT_TRUE((*lease)->Execute("INSERT INTO items (id, name, amount) VALUES ($1, $2, $3)",
                                  {id, "n" + std::to_string(id), int64_t{1000}})
                    .ok());
  }
  std::vector<Params> rows;
  for (int64_t id = 1; id <= 100; ++id) rows.push_back({id, "n" + std::to_string(id), id});
  const char* upsert =
      "INSERT INTO items (id, name, amount) VALUES ($1, $2, $3) "
      "ON CONFLICT (id) DO UPDATE SET amount = items.amount + excluded.amount";
  ASSERT_TRUE((*lease)->InsertRows(upsert, rows).ok());
  ASSERT_TRUE((*lease)->InsertRows(upsert, {}).ok());
  ASSERT_TRUE((*lease)->InsertRows(upsert, {{int64_t{101}, std::string("n101"), int64_t{7}}}).ok());
  auto sums = (*lease)->Query("SELECT count(*), CAST(SUM(amount) AS {INT}) FROM items");
  ASSERT_TRUE(sums.ok());
  EXPECT_EQ((*sums)[0].Int(0), 101);
  EXPECT_EQ((*sums)[0].Int(1), 10 * 1000 + 100 * 101 / 2 + 7);
  auto eleventh = (*lease)->Query("SELECT name, amount FROM items WHERE id = 11");
  EXPECT_EQ((*eleventh)[0].Text(0), "n11");
  EXPECT_EQ((*eleventh)[0].Int(1), 11);
}

// A row that breaks a constraint fails the call with the store's code; in a transaction nothing
// of it stays. Rows of different widths are a programming error, refused before anything is sent.
TEST_P(StoreTest, InsertRowsReportsAConflictAndWritesNothingOfTheTransaction) {
  std::vector<Params> rows;
  for (int64_t id = 1; id <= 40; ++id) rows.push_back({id, "n" + std::to_string(id)});
  rows.push_back({int64_t{41}, std::string("n3")});  // the name is UNIQUE
  Status status = InTransaction(*db_, TransactionMode::kWrite, [&](Connection& tx) {
    return tx.InsertRows("INSERT INTO items (id, name) VALUES ($1, $2)", rows);
  });
  EXPECT_EQ(status.stable_code(), "store.unique_violation") << status.ToString();
  auto lease = db_->Acquire();
  auto count = (*lease)->Query("SELECT count(*) FROM items");
  EXPECT_EQ((*count)[0].Int(0), 0);
  if (GetParam() == Dialect::kPostgres) {
    Status mixed = (*lease)->InsertRows("INSERT INTO items (id, name) VALUES ($1, $2)",
                                        {{int64_t{1}, std::string("a")}, {int64_t{2}}});
    EXPECT_EQ(mixed.stable_code(), "store.insert_rows");
  }
}

// Rows held back are seen by the transaction's next read, dropped by a rollback, and an error of
// theirs fails the commit (on SQLite, which runs them at once, the call itself) with nothing kept.
TEST_P(StoreTest, InsertRowsLaterIsSeenByTheNextReadAndFailsTheCommit) {
  const char* insert = "INSERT INTO items (id, name, amount) VALUES ($1, $2, $3)";
  Status read_back = InTransaction(*db_, TransactionMode::kWrite, [&](Connection& tx) -> Status {
    KLANG_RETURN_IF_ERROR(tx.InsertRowsLater(insert, {{int64_t{1}, std::string("a"), int64_t{5}},
                                                      {int64_t{2}, std::string("b"), int64_t{6}}}));
    KLANG_RETURN_IF_ERROR(tx.InsertRowsLater(insert, {{int64_t{3}, std::string("c"), int64_t{7}}}));
    KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT CAST(SUM(amount) AS {INT}) FROM items"));
    EXPECT_EQ(rows[0].Int(0), 18);
    return tx.InsertRowsLater(insert, {{int64_t{4}, std::string("d"), int64_t{8}}});  // sent with COMMIT
  });
  ASSERT_TRUE(read_back.ok()) << read_back.ToString();
  Status rolled_back = InTransaction(*db_, TransactionMode::kWrite, [&](Connection& tx) -> Status {
    KLANG_RETURN_IF_ERROR(tx.InsertRowsLater(insert, {{int64_t{5}, std::string("e"), int64_t{9}}}));
    return Status::InvalidInput("test.fail", "ทดสอบ");
  });
  EXPECT_EQ(rolled_back.stable_code(), "test.fail");
  Status refused = InTransaction(*db_, TransactionMode::kWrite, [&](Connection& tx) -> Status {
    KLANG_RETURN_IF_ERROR(tx.InsertRowsLater(insert, {{int64_t{6}, std::string("f"), int64_t{1}},
                                                      {int64_t{7}, std::string("a"), int64_t{1}}}));
    return Status::Ok();
  });
  EXPECT_EQ(refused.stable_code(), "store.unique_violation") << refused.ToString();
  auto lease = db_->Acquire();
  auto rows = (*lease)->Query("SELECT count(*), CAST(SUM(amount) AS {INT}) FROM items");
  EXPECT_EQ((*rows)[0].Int(0), 4);
  EXPECT_EQ((*rows)[0].Int(1), 26);
  // The connection is clean after the refused commit: the next transaction on it works.
  EXPECT_TRUE(InTransaction(**lease, TransactionMode::kWrite, [&](Connection& tx) {
                return tx.InsertRowsLater(insert, {{int64_t{8}, std::string("h"), int64_t{1}}});
              }).ok());
}

TEST(MultiRowInsert, RepeatsTheValuesTupleWithItsParametersNumberedOn) {
  auto text = MultiRowInsertSql(
      "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT (a) DO UPDATE SET b = excluded.b", 3);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text,
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6) ON CONFLICT (a) DO UPDATE "
            "SET b = excluded.b");
  EXPECT_EQ(*MultiRowInsertSql("INSERT INTO t (a) VALUES ($1)", 1), "INSERT INTO t (a) VALUES ($1)");
  for (const char* refused : {"UPDATE t SET a = $1", "INSERT INTO t (a, b) VALUES ($2, $1)",
                              "INSERT INTO t (a, b) VALUES ($1, 0)", "INSERT INTO t (a) VALUES ()"}) {
    auto shape = MultiRowInsertSql(refused, 2);
    EXPECT_FALSE(shape.ok()) << refused;
    EXPECT_EQ(shape.status().stable_code(), "store.insert_rows") << refused;
  }
}

TEST_P(StoreTest, MigrationsApplyOnce) {
  const std::vector<Migration> migrations = {
      {"test", 1, "CREATE TABLE items (broken)"},  // already applied: must not run again
      {"test", 3, "CREATE TABLE more (id {INT} PRIMARY KEY) {STRICT}"},
  };
  ASSERT_TRUE(ApplyMigrations(*db_, migrations).ok());
  ASSERT_TRUE(ApplyMigrations(*db_, migrations).ok());
  auto lease = db_->Acquire();
  auto rows = (*lease)->Query("SELECT count(*) FROM schema_migrations");
  EXPECT_EQ((*rows)[0].Int(0), 3);
}

TEST_P(StoreTest, ConcurrentWritersSerialise) {
  // Eight threads each add 50 to one counter, one transaction each: no lost update.
  ASSERT_TRUE(InTransaction(*db_, TransactionMode::kWrite, [](Connection& tx) {
                return tx.Execute("INSERT INTO items (id, name, amount) VALUES (1, 'c', 0)")
                    .status();
              }).ok());
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 8; ++thread) {
    threads.emplace_back([this] {
      for (int step = 0; step < 50; ++step) {
        Status status = InTransaction(*db_, TransactionMode::kWrite, [](Connection& tx) -> Status {
          KLANG_ASSIGN_OR_RETURN(Rows rows,
                                 tx.Query("SELECT amount FROM items WHERE id = 1 {FOR_UPDATE}"));
          return tx.Execute("UPDATE items SET amount = $1 WHERE id = 1",
                            {rows[0].Int(0) + 1})
              .status();
        });
        EXPECT_TRUE(status.ok()) << status.ToString();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto lease = db_->Acquire();
  auto rows = (*lease)->Query("SELECT amount FROM items WHERE id = 1");
  EXPECT_EQ((*rows)[0].Int(0), 400);
}

TEST_P(StoreTest, BadSqlIsAnErrorNotACrash) {
  auto lease = db_->Acquire();
  auto rows = (*lease)->Query("SELECT * FROM no_such_table");
  EXPECT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), ErrorCode::kInternal);
  // The connection stays usable.
  EXPECT_TRUE((*lease)->Query("SELECT 1").ok());
}

// A read-only server (a standby, a primary demoted under us: SQLSTATE 25006) is "unavailable",
// to be tried again on another connection, not an internal error; the connection is left clean.
TEST_P(StoreTest, AReadOnlyServerIsUnavailableAndLeavesTheConnectionClean) {
  if (GetParam() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  auto lease = db_->Acquire();
  ASSERT_TRUE((*lease)->ExecuteScript("SET default_transaction_read_only = on").ok());
  // A standby refuses at BEGIN (no transaction id in recovery); a read-only session at the write.
  Status refused = (*lease)->Begin(TransactionMode::kWrite);
  if (refused.ok()) {
    refused = (*lease)->Execute("INSERT INTO items (id, name, amount) VALUES (9, 'z', 9)").status();
    EXPECT_TRUE((*lease)->Rollback().ok());
  }
  EXPECT_EQ(refused.code(), ErrorCode::kUnavailable) << refused.ToString();
  EXPECT_EQ(refused.stable_code(), "store.read_only") << refused.ToString();
  EXPECT_FALSE((*lease)->in_transaction());
  ASSERT_TRUE((*lease)->ExecuteScript("SET default_transaction_read_only = off").ok());
  ASSERT_TRUE((*lease)->Begin(TransactionMode::kWrite).ok());
  EXPECT_TRUE((*lease)->Execute("INSERT INTO items (id, name, amount) VALUES (1, 'a', 1)").ok());
  EXPECT_TRUE((*lease)->Commit().ok());
  EXPECT_EQ((*lease)->Query("SELECT COUNT(*) FROM items")->at(0).Int(0), 1);
}

// A failover cuts every idle connection (the router's shutdown-sessions, a restarted server): the
// pool notices before lending one, and the caller gets a new connection, not an error.
TEST_P(StoreTest, AnIdleConnectionTheServerClosedIsReplacedBeforeItIsLent) {
  if (GetParam() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  int64_t closed_pid = 0;
  auto killer = db_->Acquire();
  ASSERT_TRUE(killer.ok());
  {
    auto victim = db_->Acquire();
    ASSERT_TRUE(victim.ok());
    closed_pid = (*victim)->Query("SELECT pg_backend_pid()")->at(0).Int(0);
  }  // returned to the pool, idle
  ASSERT_TRUE((*killer)->Query("SELECT pg_terminate_backend($1)", {closed_pid}).ok());
  for (int i = 0; i < 100; ++i) {  // terminating is asynchronous
    auto left = (*killer)->Query("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = $1", {closed_pid});
    ASSERT_TRUE(left.ok());
    if (left->at(0).Int(0) == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto lent = db_->Acquire();
  ASSERT_TRUE(lent.ok()) << lent.status().ToString();
  auto pid = (*lent)->Query("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.ok()) << pid.status().ToString();
  EXPECT_NE(pid->at(0).Int(0), closed_pid);
  EXPECT_TRUE(InTransaction(*db_, TransactionMode::kRead, [](Connection& tx) {
    return tx.Query("SELECT 1").status();
  }).ok());
}

// A connection keeps at most its bound of prepared statements, however many distinct texts it
// runs: the least recently used are let go (finalized; on PostgreSQL DEALLOCATEd), and run again
// they are prepared again, with the same answers. A statement still being stepped (a query run
// from inside another's row visitor) or held for a pipeline (InsertRowsLater) is never let go.
TEST_P(StoreTest, AConnectionKeepsAtMostItsBoundOfPreparedStatements) {
  constexpr size_t kBound = 4;
  auto opened = testing::OpenFreshDb(GetParam(), kBound);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<Db> db = std::move(opened).value();
  ASSERT_TRUE(ApplyMigrations(*db, {{"test", 1, "CREATE TABLE items (id {INT} PRIMARY KEY, name TEXT NOT NULL) {STRICT}"}}).ok());
  auto lease = db->Acquire();
  ASSERT_TRUE(lease.ok());
  Connection& connection = **lease;
  for (int64_t id = 1; id <= 3; ++id) {
    ASSERT_TRUE(connection.Execute("INSERT INTO items (id, name) VALUES ($1, $2)", {id, "item " + std::to_string(id)}).ok());
  }
  // Distinct texts, as ids written into SQL would make: each answers right, and the bound holds.
  const auto nth = [](int n) { return "SELECT name FROM items WHERE id = $1 AND " + std::to_string(n) + " > 0"; };
  for (int n = 1; n <= 40; ++n) {
    auto rows = connection.Query(nth(n), {int64_t{n % 3 + 1}});
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->at(0).Text(0), "item " + std::to_string(n % 3 + 1));
    EXPECT_LE(connection.prepared_statements(), kBound);
  }
  auto again = connection.Query(nth(1), {int64_t{2}});  // let go long ago: prepared anew
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->at(0).Text(0), "item 2");
  if (GetParam() == Dialect::kPostgres) {
    auto server = connection.Query("SELECT CAST(count(*) AS {INT}) FROM pg_prepared_statements");
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    EXPECT_LE(server->at(0).Int(0), static_cast<int64_t>(kBound));  // 43 without the bound
  }
  // More distinct statements than the bound, run while an outer query is mid-way.
  std::vector<std::string> visited;
  ASSERT_TRUE(connection.QueryEach("SELECT id, name FROM items ORDER BY id", {}, [&](const RowView& row) -> Status {
    for (int n = 100; n < 100 + 2 * static_cast<int>(kBound); ++n) {
      KLANG_RETURN_IF_ERROR(connection.Query(nth(n), {row.Int(0)}).status());
    }
    visited.push_back(std::string(row.Text(1)));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(visited, (std::vector<std::string>{"item 1", "item 2", "item 3"}));
  ASSERT_TRUE(connection.Query(nth(200), {int64_t{1}}).ok());
  EXPECT_LE(connection.prepared_statements(), kBound);
  // More held statements than the bound, all sent with the COMMIT.
  const Status held = InTransaction(connection, TransactionMode::kWrite, [&](Connection& tx) -> Status {
    for (int64_t id = 10; id < 10 + 2 * static_cast<int64_t>(kBound); ++id) {
      const std::string insert =
          "INSERT INTO items (id, name) VALUES ($1, $2) /* " + std::to_string(id) + " */";
      KLANG_RETURN_IF_ERROR(tx.InsertRowsLater(insert, {{id, std::string("held")}, {id + 100, std::string("held")}}));
    }
    return Status::Ok();
  });
  ASSERT_TRUE(held.ok()) << held.ToString();
  auto count = connection.Query("SELECT CAST(count(*) AS {INT}) FROM items WHERE name = 'held'");
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(count->at(0).Int(0), 4 * static_cast<int64_t>(kBound));
  EXPECT_LE(connection.prepared_statements(), kBound);
  if (GetParam() == Dialect::kPostgres) {  // what the transaction let go is DEALLOCATEd after it
    ASSERT_TRUE(InTransaction(connection, TransactionMode::kRead, [](Connection&) { return Status::Ok(); }).ok());
    auto server = connection.Query("SELECT CAST(count(*) AS {INT}) FROM pg_prepared_statements");
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    EXPECT_LE(server->at(0).Int(0), static_cast<int64_t>(kBound));
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, StoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) { return std::string(DialectName(info.param)); });

// The checkpoint tests' table: a row of 3,000 bytes fills about one 4-KiB page, written
// kPageRowsPerBatch rows to a transaction, back to back.
constexpr int kPageRowsPerBatch = 50;

Status CreatePages(Db& db) {
  return InTransaction(db, TransactionMode::kWrite, [](Connection& tx) {
    return tx.ExecuteScript("CREATE TABLE pages (id INTEGER PRIMARY KEY, filler TEXT NOT NULL)");
  });
}

Status WritePages(Db& db, int batches) {
  const std::string filler(3'000, 'k');
  for (int batch = 0; batch < batches; ++batch) {
    KLANG_RETURN_IF_ERROR(InTransaction(db, TransactionMode::kWrite, [&](Connection& tx) {
      std::vector<Params> rows;
      for (int row = 0; row < kPageRowsPerBatch; ++row) rows.push_back({std::string(filler)});
      return tx.ExecuteMany("INSERT INTO pages (filler) VALUES ($1)", rows);
    }));
  }
  return Status::Ok();
}

// SQLite: the pool's connections do not checkpoint in their commits (their WAL hook is the
// checkpointer's), so committed frames reach the database file only if the checkpointer's thread
// copies them while the pool is open.
TEST(SqliteCheckpoint, CommittedFramesReachTheDatabaseFileWhileThePoolIsOpen) {
  testing::TempDir dir;
  const std::filesystem::path file = dir.path() / "klang.db";
  auto db = OpenSqlite({file.string()});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(CreatePages(**db).ok());
  const auto before = std::filesystem::file_size(file);
  ASSERT_TRUE(WritePages(**db, 180).ok());  // 9,000 pages: past the 8,000-frame threshold
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::filesystem::file_size(file) < before + 8'000 * 4'096 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GE(std::filesystem::file_size(file), before + 8'000 * 4'096);
  auto lease = (*db)->Acquire();
  ASSERT_TRUE(lease.ok());
  auto count = (*lease)->Query("SELECT count(*) FROM pages");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)[0].Int(0), 9'000);
}

// SQLite under steady writes: a passive checkpoint never reaches the end of a WAL that the writer
// keeps adding to, so without a restart the file grows by every page written (1 GB in 10 s of
// bench_posting). With one, it stays near wal_restart_frames however much is written.
TEST(SqliteCheckpoint, TheWalStopsGrowingUnderSteadyWrites) {
  testing::TempDir dir;
  const std::filesystem::path file = dir.path() / "klang.db";
  SqliteOptions options{file.string()};
  options.wal_checkpoint_frames = 500;
  options.wal_restart_frames = 1'000;
  // A restart that gives up raises the next threshold: on a busy machine (the sanitizers, another
  // test's fsyncs) one 50-row commit may take longer than the production 100 ms.
  options.wal_restart_wait_ms_max = 2'000;
  auto db = OpenSqlite(options);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(CreatePages(**db).ok());
  constexpr int kBatches = 300;  // 15,000 pages, fifteen times wal_restart_frames
  ASSERT_TRUE(WritePages(**db, kBatches).ok());
  // A frame is a 4 KiB page and a 24-byte header. Measured: 1,100-1,170 frames (without the
  // restart: 16,000, every page written). Bound: five thresholds, for a checkpointer thread that
  // a busy machine (or the sanitizers) holds up.
  const auto wal = std::filesystem::path(file.string() + "-wal");
  EXPECT_LE(std::filesystem::file_size(wal), 5 * 1'000 * (4'096 + 24));
  auto lease = (*db)->Acquire();
  ASSERT_TRUE(lease.ok());
  auto count = (*lease)->Query("SELECT count(*) FROM pages");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)[0].Int(0), kBatches * kPageRowsPerBatch);
  EXPECT_TRUE((*lease)->CheckIntegrity().ok());
}

// Opens the file again in a pool without the VFS: it is sound, and `pages` holds `rows` rows,
// none of them with a filler that starts with `absent`.
void ExpectPagesOnDisk(const std::string& file, int64_t rows, char absent) {
  SqliteOptions plain{file};
  plain.coalesce_wal_writes = false;
  auto db = OpenSqlite(plain);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto lease = (*db)->Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_TRUE((*lease)->CheckIntegrity().ok());
  auto count = (*lease)->Query(
      "SELECT count(*), count(*) FILTER (WHERE substr(filler, 1, 1) = $1) FROM pages",
      {std::string(1, absent)});
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ((*count)[0].Int(0), rows);
  EXPECT_EQ((*count)[0].Int(1), 0);
}

// The coalescing WAL VFS (store/sqlite/wal_vfs.h): SQLite asks for two writes a frame (its
// header, then the page); each commit reaches the file in a few writes of up to 64 KiB, and a
// pool that reads without the VFS finds every committed row in a sound file.
TEST(SqliteWalVfs, ACommitsFramesReachTheFileInAFewWrites) {
  testing::TempDir dir;
  const std::string file = (dir.path() / "klang.db").string();
  auto db = OpenSqlite({file});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(CreatePages(**db).ok());
  constexpr int kBatches = 20;
  const WalWriteCounts before = CoalescingWalVfsCounts();
  ASSERT_TRUE(WritePages(**db, kBatches).ok());
  const WalWriteCounts after = CoalescingWalVfsCounts();
  EXPECT_GE(after.asked - before.asked, 2u * kBatches * kPageRowsPerBatch);
  // 50 frames of 4,120 bytes a commit: four writes of at most 64 KiB (wal_vfs.cc).
  EXPECT_LE(after.written - before.written, 5u * kBatches);
  ExpectPagesOnDisk(file, kBatches * kPageRowsPerBatch, 'x');
}

// A transaction larger than the page cache writes (spills) frames before it commits; rolled back,
// those frames were gathered for nothing. They must be dropped, not written later over frames
// another connection has committed at the same place in the WAL since.
TEST(SqliteWalVfs, WhatARolledBackTransactionGatheredNeverReachesTheFile) {
  testing::TempDir dir;
  const std::string file = (dir.path() / "klang.db").string();
  SqliteOptions options{file};
  options.connections_max = 1;  // every transaction of `first` on the same connection
  options.wal_checkpoint_frames = 100'000;  // no checkpoint between the steps
  options.wal_restart_frames = 100'000;
  auto first = OpenSqlite(options);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(CreatePages(**first).ok());
  const std::string filler(3'000, 'r');
  const WalWriteCounts before = CoalescingWalVfsCounts();
  Status rolled_back = InTransaction(**first, TransactionMode::kWrite, [&](Connection& tx) {
    KLANG_RETURN_IF_ERROR(tx.ExecuteScript("PRAGMA cache_size=5"));
    std::vector<Params> rows(300, Params{filler});
    KLANG_RETURN_IF_ERROR(tx.ExecuteMany("INSERT INTO pages (filler) VALUES ($1)", rows));
    return Status::Internal("test.rollback", "rolled back on purpose");
  });
  ASSERT_EQ(rolled_back.stable_code(), "test.rollback");
  ASSERT_GT(CoalescingWalVfsCounts().asked, before.asked);  // it spilled
  auto second = OpenSqlite(options);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  // Where the rolled-back frames would have gone: 500 frames over their 300.
  ASSERT_TRUE(WritePages(**second, 10).ok());
  ASSERT_TRUE(WritePages(**first, 1).ok());   // the first connection writes again
  first->reset();
  second->reset();
  ExpectPagesOnDisk(file, 11 * kPageRowsPerBatch, 'r');
}

// A savepoint rolled back after it spilled: SQLite writes the transaction's next frames where the
// rolled-back ones were, and the commit holds exactly what was kept.
TEST(SqliteWalVfs, ASavepointRolledBackAfterASpillLeavesWhatWasKept) {
  testing::TempDir dir;
  const std::string file = (dir.path() / "klang.db").string();
  auto db = OpenSqlite({file});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(CreatePages(**db).ok());
  const std::string kept(3'000, 'k'), dropped(3'000, 'd');
  ASSERT_TRUE(InTransaction(**db, TransactionMode::kWrite, [&](Connection& tx) {
    KLANG_RETURN_IF_ERROR(tx.ExecuteScript("PRAGMA cache_size=5"));
    KLANG_RETURN_IF_ERROR(tx.ExecuteMany("INSERT INTO pages (filler) VALUES ($1)",
                                         std::vector<Params>(40, Params{kept})));
    KLANG_RETURN_IF_ERROR(tx.ExecuteScript("SAVEPOINT spill"));
    KLANG_RETURN_IF_ERROR(tx.ExecuteMany("INSERT INTO pages (filler) VALUES ($1)",
                                         std::vector<Params>(300, Params{dropped})));
    KLANG_RETURN_IF_ERROR(tx.ExecuteScript("ROLLBACK TO spill; RELEASE spill"));
    KLANG_RETURN_IF_ERROR(tx.ExecuteMany("INSERT INTO pages (filler) VALUES ($1)",
                                         std::vector<Params>(60, Params{kept})));
    return tx.ExecuteScript("PRAGMA cache_size=-65536");
  }).ok());
  db->reset();
  ExpectPagesOnDisk(file, 100, 'd');
}

// The store always syncs each commit (synchronous=FULL). A connection that does not
// (synchronous=NORMAL) still writes out its frames before SQLite publishes them, at the barrier
// between the WAL index header's two copies: another handle reads every row while the writer is
// still open.
TEST(SqliteWalVfs, ACommitThatDoesNotSyncIsInTheFileBeforeOthersSeeIt) {
  testing::TempDir dir;
  const std::string file = (dir.path() / "klang.db").string();
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open_v2(file.c_str(), &writer, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            CoalescingWalVfs()),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer,
                         "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                         " PRAGMA wal_autocheckpoint=0;"
                         " CREATE TABLE pages (id INTEGER PRIMARY KEY, filler TEXT NOT NULL);"
                         " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
                         " INSERT INTO pages (filler) SELECT printf('%.3000c', 'n') FROM n;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(writer);
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(file.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(reader, "SELECT count(*), sum(length(filler)) FROM pages", -1,
                               &statement, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW) << sqlite3_errmsg(reader);
  EXPECT_EQ(sqlite3_column_int64(statement, 0), 200);
  EXPECT_EQ(sqlite3_column_int64(statement, 1), 200 * 3'000);
  sqlite3_finalize(statement);
  ASSERT_EQ(sqlite3_prepare_v2(reader, "PRAGMA quick_check", -1, &statement, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "ok");
  sqlite3_finalize(statement);
  sqlite3_close_v2(reader);
  sqlite3_close_v2(writer);
}

// The cache's own order: a look-up makes a statement the most recently used; past the bound the
// least recently used one not in use is handed back, one at a time.
TEST(StatementCache, LetsGoTheLeastRecentlyUsedThatIsNotInUse) {
  StatementCache<int> cache(2);
  cache.Add("a", 1);
  cache.Add("b", 2);
  EXPECT_FALSE(cache.TakeOverflow([](const int&) { return false; }).has_value());
  ASSERT_NE(cache.Find("a"), nullptr);  // "b" is now the least recently used
  cache.Add("c", 3);
  EXPECT_EQ(cache.TakeOverflow([](const int&) { return false; }), std::optional<int>(2));
  EXPECT_FALSE(cache.TakeOverflow([](const int&) { return false; }).has_value());
  EXPECT_EQ(cache.Find("b"), nullptr);
  cache.Add("d", 4);  // order now d, c, a: "a" is in use, so "c" goes, and the cache holds two
  EXPECT_EQ(cache.TakeOverflow([](const int& kept) { return kept == 1; }), std::optional<int>(3));
  EXPECT_EQ(cache.size(), 2u);
  cache.Add("e", 5);
  EXPECT_FALSE(cache.TakeOverflow([](const int&) { return true; }).has_value());  // all in use
  // All in use but the newest, which is about to run: nothing goes either.
  EXPECT_FALSE(cache.TakeOverflow([](const int& kept) { return kept != 5; }).has_value());
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(*cache.Find("a"), 1);
}

TEST(Dialectize, RewritesMarkers) {
  EXPECT_EQ(Dialectize("x {INT} y {STRICT}", Dialect::kSqlite), "x INTEGER y STRICT");
  EXPECT_EQ(Dialectize("x {INT} y {STRICT}", Dialect::kPostgres), "x BIGINT y ");
  EXPECT_EQ(Dialectize("SELECT 1 {FOR_UPDATE}", Dialect::kPostgres), "SELECT 1 FOR UPDATE");
  EXPECT_EQ(Dialectize("{json}", Dialect::kSqlite), "{json}");
}

}  // namespace
}  // namespace klang::store
