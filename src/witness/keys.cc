#include "witness/keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/assert.h"

namespace klang::witness {
namespace {

// DER prefixes of an Ed25519 key (RFC 8410): SubjectPublicKeyInfo and PKCS#8 PrivateKeyInfo,
// each followed by the 32 key bytes.
constexpr unsigned char kPublicDer[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
constexpr unsigned char kPrivateDer[] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                         0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
constexpr std::string_view kPublicLabel = "PUBLIC KEY";
constexpr std::string_view kPrivateLabel = "PRIVATE KEY";
constexpr size_t kPemLineChars = 64;

void InitSodium() { KLANG_ASSERT_MSG(sodium_init() >= 0, "libsodium cannot start"); }

std::string Pem(std::string_view label, std::string_view der) {
  std::string base64(sodium_base64_ENCODED_LEN(der.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(base64.data(), base64.size(), reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  base64.resize(std::char_traits<char>::length(base64.c_str()));
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (size_t at = 0; at < base64.size(); at += kPemLineChars) out += base64.substr(at, kPemLineChars) + "\n";
  return out + "-----END " + std::string(label) + "-----\n";
}

// The DER bytes of every block labelled `label` in `pem`; nullopt when a block does not decode.
std::optional<std::vector<std::string>> PemBlocks(std::string_view pem, std::string_view label) {
  const std::string begin = "-----BEGIN " + std::string(label) + "-----";
  const std::string end = "-----END " + std::string(label) + "-----";
  std::vector<std::string> blocks;
  for (size_t at = pem.find(begin); at != std::string_view::npos; at = pem.find(begin, at)) {
    const size_t body = at + begin.size();
    const size_t stop = pem.find(end, body);
    if (stop == std::string_view::npos) return std::nullopt;
    const std::string_view text = pem.substr(body, stop - body);
    std::string der(text.size(), '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(der.data()), der.size(), text.data(), text.size(),
                          " \r\n\t", &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
      return std::nullopt;
    }
    der.resize(length);
    blocks.push_back(std::move(der));
    at = stop + end.size();
  }
  return blocks;
}

Status KeyFileError(const std::string& what) {
  return Status::InvalidInput("witness.key_file", "แฟ้มกุญแจไม่ถูกต้อง", what);
}

std::string ReadAll(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  *ok = in.good() || in.eof();
  return text.str();
}

// Writes `bytes` to a new file `path` with `mode`; never over an existing one.
Status WriteNew(const std::string& path, const std::string& bytes, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::Conflict("witness.key_exists", "มีแฟ้มกุญแจชื่อนี้อยู่แล้ว จะไม่เขียนทับ", path + " exists");
    }
    return Status::Unavailable("witness.key_write", "cannot create " + path);
  }
  const bool written = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) {
    ::unlink(path.c_str());  // never a partial key file, which would then block the next attempt
    return Status::Unavailable("witness.key_write", "cannot write " + path);
  }
  return Status::Ok();
}

}  // namespace

std::string KeyIdOf(const std::array<unsigned char, kPublicKeyBytes>& bytes) {
  InitSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes.data(), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 16);
}

std::string PublicKeyPem(const PublicKey& key) {
  std::string der(reinterpret_cast<const char*>(kPublicDer), sizeof kPublicDer);
  der.append(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size());
  return Pem(kPublicLabel, der);
}

Result<std::vector<PublicKey>> ParsePublicKeys(std::string_view pem) {
  auto blocks = PemBlocks(pem, kPublicLabel);
  if (!blocks) return KeyFileError("a PUBLIC KEY block is not base64");
  if (blocks->empty()) return KeyFileError("no PUBLIC KEY block");
  std::vector<PublicKey> keys;
  for (const std::string& der : *blocks) {
    if (der.size() != sizeof kPublicDer + kPublicKeyBytes ||
        der.compare(0, sizeof kPublicDer, reinterpret_cast<const char*>(kPublicDer), sizeof kPublicDer) != 0) {
      return KeyFileError("a PUBLIC KEY block is not an Ed25519 key");
    }
    PublicKey key;
    std::copy(der.begin() + sizeof kPublicDer, der.end(), key.bytes.begin());
    key.id = KeyIdOf(key.bytes);
    keys.push_back(key);
  }
  return keys;
}

Result<std::vector<PublicKey>> LoadPublicKeys(const std::vector<std::string>& paths) {
  std::vector<PublicKey> keys;
  for (const std::string& path : paths) {
    bool ok = false;
    const std::string text = ReadAll(path, &ok);
    if (!ok) return KeyFileError("cannot read " + path);
    auto parsed = ParsePublicKeys(text);
    if (!parsed.ok()) return KeyFileError(path + ": " + parsed.status().detail_en());
    keys.insert(keys.end(), parsed->begin(), parsed->end());
  }
  return keys;
}

bool VerifySignature(const PublicKey& key, std::string_view message, std::string_view signature) {
  InitSodium();
  if (signature.size() != kSignatureBytes) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     key.bytes.data()) == 0;
}

void SigningKey::FromSeed(const std::array<unsigned char, 32>& seed) {
  seed_ = seed;
  crypto_sign_seed_keypair(public_.bytes.data(), secret_.data(), seed_.data());
  public_.id = KeyIdOf(public_.bytes);
}

SigningKey SigningKey::Generate() {
  InitSodium();
  std::array<unsigned char, 32> seed{};
  randombytes_buf(seed.data(), seed.size());
  SigningKey key;
  key.FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<SigningKey> SigningKey::Load(const std::string& path) {
  InitSodium();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return KeyFileError("cannot read " + path);
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::InvalidInput("witness.key_mode", "แฟ้มกุญแจลับต้องอ่านได้เฉพาะผู้ใช้ของบริการ (chmod 600)",
                                path + " may be read by group or others");
  }
  bool ok = false;
  std::string text = ReadAll(path, &ok);
  if (!ok) return KeyFileError("cannot read " + path);
  auto blocks = PemBlocks(text, kPrivateLabel);
  sodium_memzero(text.data(), text.size());
  if (!blocks || blocks->size() != 1 || (*blocks)[0].size() != sizeof kPrivateDer + 32 ||
      (*blocks)[0].compare(0, sizeof kPrivateDer, reinterpret_cast<const char*>(kPrivateDer), sizeof kPrivateDer) != 0) {
    return KeyFileError(path + " is not one Ed25519 PRIVATE KEY (PKCS#8 PEM)");
  }
  std::array<unsigned char, 32> seed{};
  std::copy((*blocks)[0].begin() + sizeof kPrivateDer, (*blocks)[0].end(), seed.begin());
  sodium_memzero((*blocks)[0].data(), (*blocks)[0].size());
  SigningKey key;
  key.FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

SigningKey::~SigningKey() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(secret_.data(), secret_.size());
}

Status SigningKey::Save(const std::string& path) const {
  for (const std::string& file : {path, path + ".pub"}) {  // both new, or neither written
    struct stat info {};
    if (::lstat(file.c_str(), &info) == 0) {
      return Status::Conflict("witness.key_exists", "มีแฟ้มกุญแจชื่อนี้อยู่แล้ว จะไม่เขียนทับ", file + " exists");
    }
  }
  std::string der(reinterpret_cast<const char*>(kPrivateDer), sizeof kPrivateDer);
  der.append(reinterpret_cast<const char*>(seed_.data()), seed_.size());
  std::string pem = Pem(kPrivateLabel, der);
  sodium_memzero(der.data(), der.size());
  Status written = WriteNew(path, pem, 0600);
  sodium_memzero(pem.data(), pem.size());
  KLANG_RETURN_IF_ERROR(written);
  Status published = WriteNew(path + ".pub", PublicKeyPem(public_), 0644);
  if (!published.ok()) ::unlink(path.c_str());  // a private key without its public half is of no use
  return published;
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string signature(kSignatureBytes, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(), secret_.data());
  return signature;
}

}  // namespace klang::witness
