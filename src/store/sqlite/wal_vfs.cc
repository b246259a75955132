// store/sqlite/wal_vfs.cc — see wal_vfs.h.
#include "store/sqlite/wal_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <new>
#include <string>

#include "core/assert.h"

namespace klang::store {
namespace {

constexpr char kVfsName[] = "klang-wal";
// How much is gathered before it goes to the file regardless: one batch of about 60 entries is
// about 115 frames of 4,120 bytes (470 KiB), so a batch usually goes to the file in one flush.
constexpr size_t kPendingBytesMax = 1 << 20;
// The most handed to the default VFS in one call: its unix write keeps only the low 17 bits of a
// length (os_unix.c, seekAndWriteFd), so anything from 128 KiB on would be cut short.
constexpr size_t kWriteChunkBytes = 64 << 10;

// SQLite's WAL write lock: slot 0 of the shared-memory locks (https://sqlite.org/walformat.html).
// A connection holds it from the start of a write transaction to its commit or rollback.
constexpr int kWalWriteLockSlot = 0;

struct DbFile;

// What SQLite allocates for a WAL file or a main database file (raw memory of the VFS's szOsFile
// bytes): one of these headers, then the default VFS's own file at kRealOffset.
struct WalFile {
  sqlite3_file base;           // first: SQLite's handle; its pMethods are kWalMethods
  sqlite3_file* real;          // the default VFS's file, inside the same allocation
  sqlite3_int64 pending_offset;
  // Writes gathered from pending_offset on, back to back. Its capacity stays after a flush (up
  // to kPendingBytesMax a connection), so a batch does not allocate again.
  std::string* pending;
  DbFile* db;                  // the same connection's database file
  // A flush failed in this write transaction: gathered frames SQLite counts as written are lost,
  // so nothing more of the transaction may reach the file or commit (cleared with the buffer when
  // the write lock is released).
  bool failed;
};

// A main database file: its calls pass straight on, but for noticing the end of a write
// transaction (the WAL write lock released), when the connection's WAL file drops what a
// transaction rolled back left gathered. Without that, frames written for a rolled-back
// transaction could later be written over frames another connection has committed since.
struct DbFile {
  sqlite3_file base;           // first: its pMethods are kDbMethods
  sqlite3_file* real;
  const char* name;            // the pager's file name, by which its WAL file finds it
  WalFile* wal;                // the connection's WAL file while it is open
};

// Where the default VFS's file starts: past the larger header, rounded to max_align_t (SQLite
// itself only aligns the whole allocation to 8 bytes, which is all unixFile needs).
constexpr size_t kRealOffset =
    (std::max(sizeof(WalFile), sizeof(DbFile)) + alignof(std::max_align_t) - 1) /
    alignof(std::max_align_t) * alignof(std::max_align_t);

sqlite3_vfs* g_base = nullptr;  // the default VFS, set once when this one is registered
sqlite3_vfs g_vfs;              // a copy of it with this file's xOpen and size
// The open main database files by name pointer: SQLite gives a WAL file a name whose
// sqlite3_filename_database() is the very pointer its pager's database file was opened with.
// Never destroyed: a connection may still close while the process exits.
std::mutex& DbsMutex() {
  static auto* mutex = new std::mutex;
  return *mutex;
}
std::map<const char*, DbFile*>& Dbs() {
  static auto* dbs = new std::map<const char*, DbFile*>;
  return *dbs;
}
std::atomic<uint64_t> g_asked{0};  // writes SQLite asked for on WAL files
std::atomic<uint64_t> g_written{0};   // writes handed to the default VFS for them

WalFile* Wal(sqlite3_file* file) { return reinterpret_cast<WalFile*>(file); }
sqlite3_file* Real(sqlite3_file* file) { return Wal(file)->real; }

int WriteThrough(sqlite3_file* real, const char* data, size_t size, sqlite3_int64 offset) {
  for (size_t done = 0; done < size; done += kWriteChunkBytes) {
    const size_t chunk = std::min(kWriteChunkBytes, size - done);
    g_written.fetch_add(1, std::memory_order_relaxed);
    const int code = real->pMethods->xWrite(real, data + done, static_cast<int>(chunk),
                                            offset + static_cast<sqlite3_int64>(done));
    if (code != SQLITE_OK) return code;
  }
  return SQLITE_OK;
}

int Flush(WalFile* wal) {
  if (wal->failed) return SQLITE_IOERR_WRITE;
  if (wal->pending->empty()) return SQLITE_OK;
  const int code =
      WriteThrough(wal->real, wal->pending->data(), wal->pending->size(), wal->pending_offset);
  wal->pending->clear();
  // SQLite may roll back only the statement that met the error (SQLITE_FULL) and go on, though
  // frames of earlier statements went down with this buffer: every later write, read and sync of
  // the transaction fails too, so it cannot commit.
  if (code != SQLITE_OK) wal->failed = true;
  return code;
}

// The end of the connection's write transaction: after a commit nothing is left (it went at the
// sync, or at the barrier below); what is left belongs to a rollback and is dropped.
void EndWriteTransaction(WalFile* wal) {
  wal->pending->clear();
  wal->failed = false;
}

int WalClose(sqlite3_file* file) {
  WalFile* wal = Wal(file);
  if (wal->db != nullptr) wal->db->wal = nullptr;
  const int flushed = Flush(wal);
  const int closed = wal->real->pMethods->xClose(wal->real);
  delete wal->pending;
  wal->pending = nullptr;
  return flushed != SQLITE_OK ? flushed : closed;
}

int WalRead(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  WalFile* wal = Wal(file);
  if (wal->failed) return SQLITE_IOERR_READ;
  const sqlite3_int64 pending_end =
      wal->pending_offset + static_cast<sqlite3_int64>(wal->pending->size());
  const bool overlaps = !wal->pending->empty() && offset < pending_end &&
                        offset + amount > wal->pending_offset;
  if (overlaps) {
    if (const int code = Flush(wal); code != SQLITE_OK) return code;
  }
  return wal->real->pMethods->xRead(wal->real, out, amount, offset);
}

int WalWrite(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  KLANG_ASSERT(amount >= 0);
  WalFile* wal = Wal(file);
  if (wal->failed) return SQLITE_IOERR_WRITE;
  std::string& pending = *wal->pending;
  g_asked.fetch_add(1, std::memory_order_relaxed);
  const bool follows =
      offset == wal->pending_offset + static_cast<sqlite3_int64>(pending.size());
  if (!pending.empty() && (!follows || pending.size() + static_cast<size_t>(amount) > kPendingBytesMax)) {
    if (const int code = Flush(wal); code != SQLITE_OK) return code;
  }
  if (static_cast<size_t>(amount) >= kPendingBytesMax) {
    return WriteThrough(wal->real, static_cast<const char*>(data), static_cast<size_t>(amount), offset);
  }
  if (pending.empty()) wal->pending_offset = offset;
  try {
    pending.append(static_cast<const char*>(data), static_cast<size_t>(amount));
  } catch (const std::bad_alloc&) {  // never through SQLite's C frames
    return WriteThrough(wal->real, static_cast<const char*>(data), static_cast<size_t>(amount), offset);
  }
  return SQLITE_OK;
}

int WalTruncate(sqlite3_file* file, sqlite3_int64 size) {
  if (const int code = Flush(Wal(file)); code != SQLITE_OK) return code;
  return Real(file)->pMethods->xTruncate(Real(file), size);
}

int WalSync(sqlite3_file* file, int flags) {
  if (const int code = Flush(Wal(file)); code != SQLITE_OK) return code;
  return Real(file)->pMethods->xSync(Real(file), flags);
}

int WalFileSize(sqlite3_file* file, sqlite3_int64* size) {
  if (const int code = Flush(Wal(file)); code != SQLITE_OK) return code;
  return Real(file)->pMethods->xFileSize(Real(file), size);
}

int WalLock(sqlite3_file* file, int level) { return Real(file)->pMethods->xLock(Real(file), level); }

int WalUnlock(sqlite3_file* file, int level) {
  return Real(file)->pMethods->xUnlock(Real(file), level);
}

int WalCheckReservedLock(sqlite3_file* file, int* out) {
  return Real(file)->pMethods->xCheckReservedLock(Real(file), out);
}

int WalFileControl(sqlite3_file* file, int op, void* argument) {
  if (const int code = Flush(Wal(file)); code != SQLITE_OK) return code;
  return Real(file)->pMethods->xFileControl(Real(file), op, argument);
}

int WalSectorSize(sqlite3_file* file) { return Real(file)->pMethods->xSectorSize(Real(file)); }

int WalDeviceCharacteristics(sqlite3_file* file) {
  return Real(file)->pMethods->xDeviceCharacteristics(Real(file));
}

DbFile* Db(sqlite3_file* file) { return reinterpret_cast<DbFile*>(file); }
sqlite3_file* DbReal(sqlite3_file* file) { return Db(file)->real; }

int DbClose(sqlite3_file* file) {
  DbFile* db = Db(file);
  {
    std::lock_guard lock(DbsMutex());
    Dbs().erase(db->name);
  }
  if (db->wal != nullptr) db->wal->db = nullptr;
  return db->real->pMethods->xClose(db->real);
}

int DbRead(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  return DbReal(file)->pMethods->xRead(DbReal(file), out, amount, offset);
}

int DbWrite(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  return DbReal(file)->pMethods->xWrite(DbReal(file), data, amount, offset);
}

int DbTruncate(sqlite3_file* file, sqlite3_int64 size) {
  return DbReal(file)->pMethods->xTruncate(DbReal(file), size);
}

int DbSync(sqlite3_file* file, int flags) { return DbReal(file)->pMethods->xSync(DbReal(file), flags); }

int DbFileSize(sqlite3_file* file, sqlite3_int64* size) {
  return DbReal(file)->pMethods->xFileSize(DbReal(file), size);
}

int DbLock(sqlite3_file* file, int level) { return DbReal(file)->pMethods->xLock(DbReal(file), level); }

int DbUnlock(sqlite3_file* file, int level) {
  return DbReal(file)->pMethods->xUnlock(DbReal(file), level);
}

int DbCheckReservedLock(sqlite3_file* file, int* out) {
  return DbReal(file)->pMethods->xCheckReservedLock(DbReal(file), out);
}

int DbFileControl(sqlite3_file* file, int op, void* argument) {
  return DbReal(file)->pMethods->xFileControl(DbReal(file), op, argument);
}

int DbSectorSize(sqlite3_file* file) { return DbReal(file)->pMethods->xSectorSize(DbReal(file)); }

int DbDeviceCharacteristics(sqlite3_file* file) {
  return DbReal(file)->pMethods->xDeviceCharacteristics(DbReal(file));
}

int DbShmMap(sqlite3_file* file, int page, int page_size, int extend, void volatile** out) {
  return DbReal(file)->pMethods->xShmMap(DbReal(file), page, page_size, extend, out);
}

// Releasing the WAL write lock ends the connection's write transaction: whatever is still gathered
// is dropped before another connection may write where it would have gone.
int DbShmLock(sqlite3_file* file, int offset, int count, int flags) {
  DbFile* db = Db(file);
  const bool releases_write_lock = (flags & SQLITE_SHM_UNLOCK) != 0 &&
                                   offset <= kWalWriteLockSlot &&
                                   kWalWriteLockSlot < offset + count;
  if (releases_write_lock && db->wal != nullptr) EndWriteTransaction(db->wal);
  return db->real->pMethods->xShmLock(db->real, offset, count, flags);
}

// SQLite publishes a commit's frames by writing the WAL index header twice with this barrier in
// between (wal.c, walIndexWriteHdr). Whatever is still gathered then goes to the file first: the
// tail of a frame padded to a sector after the sync (a device without power-safe overwrite), or
// every frame of a commit that did not sync (synchronous=NORMAL). With FULL and power-safe
// overwrite nothing is left here.
void DbShmBarrier(sqlite3_file* file) {
  DbFile* db = Db(file);
  if (db->wal != nullptr && !db->wal->pending->empty()) {
    Flush(db->wal);  // a failure leaves the transaction failed: its next call reports it
  }
  db->real->pMethods->xShmBarrier(db->real);
}

int DbShmUnmap(sqlite3_file* file, int delete_flag) {
  return DbReal(file)->pMethods->xShmUnmap(DbReal(file), delete_flag);
}

int DbFetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  return DbReal(file)->pMethods->xFetch(DbReal(file), offset, amount, out);
}

int DbUnfetch(sqlite3_file* file, sqlite3_int64 offset, void* pointer) {
  return DbReal(file)->pMethods->xUnfetch(DbReal(file), offset, pointer);
}

const sqlite3_io_methods kDbMethods = {
    3,          DbClose,       DbRead,        DbWrite,       DbTruncate,
    DbSync,     DbFileSize,    DbLock,        DbUnlock,      DbCheckReservedLock,
    DbFileControl, DbSectorSize, DbDeviceCharacteristics,    DbShmMap,
    DbShmLock,  DbShmBarrier,  DbShmUnmap,    DbFetch,       DbUnfetch,
};

// Version 1: SQLite maps shared memory and pages only through the database file, never the WAL.
const sqlite3_io_methods kWalMethods = {
    1,           WalClose,         WalRead,       WalWrite,      WalTruncate,
    WalSync,     WalFileSize,      WalLock,       WalUnlock,     WalCheckReservedLock,
    WalFileControl, WalSectorSize, WalDeviceCharacteristics,
};

// The main database file, wrapped (DbFile) when it has a name and the default VFS's file offers
// every version-3 method; otherwise passed through, and its WAL then writes unbuffered.
int OpenDb(sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  if (name == nullptr) return g_base->xOpen(g_base, name, file, flags, out_flags);
  DbFile* db = Db(file);
  db->base.pMethods = nullptr;
  db->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
  db->real->pMethods = nullptr;
  db->name = name;
  db->wal = nullptr;
  const int code = g_base->xOpen(g_base, name, db->real, flags, out_flags);
  if (code != SQLITE_OK) {
    if (db->real->pMethods != nullptr) db->real->pMethods->xClose(db->real);
    return code;
  }
  const sqlite3_io_methods* methods = db->real->pMethods;
  if (methods->iVersion < 3) {
    methods->xClose(db->real);  // reopened below as a plain file of the default VFS
    return g_base->xOpen(g_base, name, file, flags, out_flags);
  }
  try {
    std::lock_guard lock(DbsMutex());
    Dbs()[name] = db;
  } catch (const std::bad_alloc&) {
    db->real->pMethods->xClose(db->real);
    return SQLITE_NOMEM;
  }
  db->base.pMethods = &kDbMethods;
  return SQLITE_OK;
}

// A WAL file gathers its writes only when its connection's database file is a DbFile (which
// drops what a rollback left); otherwise it is the default VFS's file, unbuffered.
int OpenWal(sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  DbFile* db = nullptr;
  {
    std::lock_guard lock(DbsMutex());
    auto found = Dbs().find(sqlite3_filename_database(name));
    if (found != Dbs().end()) db = found->second;
  }
  if (db == nullptr) return g_base->xOpen(g_base, name, file, flags, out_flags);
  WalFile* wal = Wal(file);
  wal->base.pMethods = nullptr;  // until opened: SQLite calls xClose only on an opened file
  wal->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
  wal->real->pMethods = nullptr;
  wal->pending_offset = 0;
  wal->db = nullptr;
  wal->failed = false;
  wal->pending = new (std::nothrow) std::string();
  if (wal->pending == nullptr) return SQLITE_NOMEM;
  const int code = g_base->xOpen(g_base, name, wal->real, flags, out_flags);
  if (code != SQLITE_OK) {
    if (wal->real->pMethods != nullptr) wal->real->pMethods->xClose(wal->real);
    delete wal->pending;
    wal->pending = nullptr;
    return code;
  }
  wal->db = db;
  db->wal = wal;
  wal->base.pMethods = &kWalMethods;
  return SQLITE_OK;
}

// Any other file (journals, temporary files) is the default VFS's file itself, opened in the
// memory SQLite gave (szOsFile is larger than the default's), so its calls go straight there.
int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  if ((flags & SQLITE_OPEN_MAIN_DB) != 0) return OpenDb(name, file, flags, out_flags);
  if ((flags & SQLITE_OPEN_WAL) != 0) return OpenWal(name, file, flags, out_flags);
  return g_base->xOpen(g_base, name, file, flags, out_flags);
}

const char* Register() {
  sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
  if (base == nullptr) return nullptr;
  g_base = base;
  // A copy of the default VFS (the same pAppData, path length and helpers) but for the name,
  // the file size and xOpen.
  g_vfs = *base;
  g_vfs.pNext = nullptr;
  g_vfs.zName = kVfsName;
  g_vfs.szOsFile = static_cast<int>(kRealOffset) + base->szOsFile;
  g_vfs.xOpen = Open;
  if (sqlite3_vfs_register(&g_vfs, /*makeDflt=*/0) != SQLITE_OK) return nullptr;
  return kVfsName;
}

}  // namespace

const char* CoalescingWalVfs() {
  static const char* const name = Register();
  return name;
}

WalWriteCounts CoalescingWalVfsCounts() {
  return {g_asked.load(std::memory_order_relaxed), g_written.load(std::memory_order_relaxed)};
}

}  // namespace klang::store
