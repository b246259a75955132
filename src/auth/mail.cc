#include "auth/mail.h"

#include <curl/curl.h>
#include <sodium.h>

#include <cstring>

#include "core/clock.h"

namespace klang::auth {
namespace {

constexpr long kSmtpSecondsMax = 20;

std::string Base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// RFC 2047 encoded word for a header holding Thai.
std::string EncodedWord(const std::string& text) { return "=?UTF-8?B?" + Base64(text) + "?="; }

struct Upload {
  std::string data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t room = size * count;
  const size_t left = upload->data.size() - upload->offset;
  const size_t n = left < room ? left : room;
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

Result<SmtpConfig::Tls> ParseSmtpTls(const std::string& text) {
  if (text == "none") return SmtpConfig::Tls::kNone;
  if (text == "starttls") return SmtpConfig::Tls::kStartTls;
  if (text == "tls") return SmtpConfig::Tls::kImplicit;
  return Status::InvalidInput("mail.tls", "การตั้งค่า TLS ของอีเมลไม่ถูกต้อง", "none|starttls|tls");
}

bool IsEmailAddress(const std::string& address) {
  if (address.size() < 3 || address.size() > 254) return false;
  const size_t at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= address.size() ||
      address.find('@', at + 1) != std::string::npos) {
    return false;
  }
  if (address.find('.', at) == std::string::npos || address.back() == '.') return false;
  for (unsigned char c : address) {
    if (c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
        c == '(' || c == ')' || c == '\\') {
      return false;
    }
  }
  return true;
}

Status SmtpMailer::Send(const MailMessage& message) {
  if (!config_.enabled()) {
    return Status::Error(ErrorCode::kUnavailable, "mail.disabled", "ระบบยังไม่ได้ตั้งค่าการส่งอีเมล", "no SMTP server configured");
  }
  if (!IsEmailAddress(message.to)) {
    return Status::InvalidInput("mail.address", "ที่อยู่อีเมลไม่ถูกต้อง", message.to, "email");
  }
  const std::string domain = config_.from.substr(config_.from.find('@') + 1);
  Upload upload;
  upload.data = "From: " + EncodedWord(config_.from_name) + " <" + config_.from + ">\r\n" +
                "To: <" + message.to + ">\r\n" + "Subject: " + EncodedWord(message.subject) +
                "\r\n" + "Message-ID: <" + NewUuid(random_) + "@" + domain + ">\r\n" +
                "MIME-Version: 1.0\r\n" + "Content-Type: text/plain; charset=UTF-8\r\n" +
                "Content-Transfer-Encoding: base64\r\n\r\n";
  const std::string encoded = Base64(message.body);
  for (size_t at = 0; at < encoded.size(); at += 76) upload.data += encoded.substr(at, 76) + "\r\n";

  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status::Unavailable("mail.unavailable", "curl_easy_init failed");
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + message.to + ">").c_str());
  const std::string from = "<" + config_.from + ">";
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, kSmtpSecondsMax);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (config_.tls == SmtpConfig::Tls::kStartTls) {
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (!config_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    return Status::Error(ErrorCode::kUnavailable, "mail.unavailable", "ส่งอีเมลไม่สำเร็จ กรุณาลองใหม่ภายหลัง",
                               config_.url + ": " + curl_easy_strerror(code));
  }
  return Status::Ok();
}

}  // namespace klang::auth
