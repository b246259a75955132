// The Beast/Asio HTTP/1.1 server.
//
// One coroutine per connection, on its own strand, reads requests with limits and writes
// responses; the request itself (authentication, handler — which may block on the database)
// runs on a separate worker pool so slow handlers never stall I/O. Everything after parsing is
// in pipeline.cc.
//
// Shutdown: Stop() closes the acceptor and cancels connections that are waiting for (or in the
// middle of reading) a request; a connection whose request is being handled finishes it, writes
// the response with "Connection: close" and ends. Stop() then waits for every coroutine to end,
// up to shutdown_grace_seconds_max, and joins the threads.
#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <exception>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/assert.h"
#include "http/form.h"
#include "http/http.h"
#include "http/pipeline.h"

namespace klang::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// After refusing a request whose body we did not read (413, 400), keep reading and discarding for
// a moment before closing: closing a socket with unread input makes the kernel send RST, and the
// client may then lose our response before reading it. Most clients (browsers, Python's urllib)
// send the whole body before they read, so the drain must take in a file somewhat over the upload
// limit; the time bounds what a hostile sender costs, the bytes what an honest one may send.
constexpr std::chrono::seconds kLingerSecondsMax{2};
constexpr size_t kLingerBytesMax = 64 << 20;
constexpr size_t kLingerChunkBytes = 64 << 10;
// What the wait for the next request on a kept-alive connection reads at a time.
constexpr size_t kReadChunkBytes = 4096;
// A refused connection (over connections_max) gets this long to take its 503: refusals must not
// pile up, since they are exactly what arrives when the server is swamped.
constexpr std::chrono::seconds kRefusalWriteSecondsMax{2};
// accept() failing (out of file descriptors) must not spin the listener.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};

struct Connection {
  Connection(tcp::socket socket, std::string address)
      : stream(std::move(socket)), address(std::move(address)) {}
  beast::tcp_stream stream;
  const std::string address;  // the peer's IP address (the proxy's, behind one)
  bool reading = false;       // waiting for or reading a request; touched only on the strand
};

// RFC 9110 IMF-fixdate, written by hand because strftime's day and month names follow the
// process locale.
std::string HttpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[96];  // room for any int, so -Wformat-truncation has nothing to prove
  std::snprintf(text, sizeof(text), "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

bool IsHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// CR or LF in a value would let whoever chose it (a file name, a redirect target) add headers.
bool IsHeaderValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status Malformed(std::string detail) {
  return Status::InvalidInput("http.malformed", "คำขอไม่ถูกต้อง", std::move(detail));
}

// Whether a request may carry a file (ServerOptions::is_upload), from its headers alone: a POST
// with a session cookie or a credential to a path the predicate names. Only a candidate: the
// session is checked next (Impl::SignedIn), still before the body is read.
bool IsUploadRequest(const bhttp::request_header<>& header, const ServerOptions& options) {
  if (!options.is_upload || options.upload_bytes_max <= options.body_bytes_max) return false;
  if (header.method() != bhttp::verb::post) return false;
  if (header.find(bhttp::field::cookie) == header.end() && header.find(bhttp::field::authorization) == header.end()) {
    return false;  // no one who could be allowed to upload
  }
  const auto target = header.target();
  return options.is_upload("POST", std::string_view(target.data(), target.size()));
}

// What to answer when reading a request failed, or nullopt to just close (the peer left, timed
// out, or we are stopping).
std::optional<Response> ReadFailureResponse(const beast::error_code& error,
                                            const ServerOptions& options) {
  Response response;
  if (error == bhttp::error::body_limit) {
    response = internal::MakeProblem(
        Status::InvalidInput(
            "http.body_too_large", "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด",
            "request body exceeds " + std::to_string(options.body_bytes_max) + " bytes"),
        413);
  } else if (error == bhttp::error::header_limit || error == bhttp::error::buffer_overflow) {
    response = internal::MakeProblem(
        Status::InvalidInput(
            "http.headers_too_large", "ส่วนหัวของคำขอมีขนาดใหญ่เกินกำหนด",
            "request header exceeds " + std::to_string(options.header_bytes_max) + " bytes"),
        431);
  } else if (error.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
             error != bhttp::error::end_of_stream && error != bhttp::error::partial_message) {
    response = internal::MakeProblem(Malformed(error.message()), 400);
  } else {
    return std::nullopt;
  }
  internal::AddSecurityHeaders(response, /*cacheable=*/false);
  return response;
}

// The client behind trusted proxies: the last X-Forwarded-For entry that is not a proxy itself;
// `peer` when the connection does not come from a proxy or the header names nobody else.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view address) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) !=
           trusted_proxies.end();
  };
  if (!trusted(peer)) return peer;
  while (!forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    std::string_view hop =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    beast::error_code error;
    const auto address = asio::ip::make_address(std::string(hop), error);
    if (error) return peer;  // a forged or garbled hop: the proxy is all we know
    if (!trusted(address.to_string())) return address.to_string();
  }
  return peer;
}

// The parsed Beast message as our Request; false when the target is not a usable origin-form
// path (absolute-form, "*", a bad escape).
bool BuildRequest(bhttp::request<bhttp::string_body>& message, std::string remote_address,
                  Request* request) {
  request->method = std::string(message.method_string());
  request->target = std::string(message.target());
  const std::string_view target = request->target;
  const size_t question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  if (raw_path.empty() || raw_path.front() != '/') return false;
  std::optional<std::string> path = DecodePath(raw_path);
  if (!path) return false;
  request->path = std::move(*path);
  if (question != std::string_view::npos) {
    for (auto& [name, value] : ParseUrlEncoded(target.substr(question + 1))) {
      request->query.insert_or_assign(std::move(name), std::move(value));
    }
  }
  for (const auto& field : message) {
    std::string name = Lower(field.name_string());
    const std::string_view separator = name == "cookie" ? "; " : ", ";
    auto [it, inserted] = request->headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second.append(separator).append(field.value());
  }
  request->cookies = internal::ParseCookies(request->Header("cookie"));
  request->body = std::move(message.body());
  request->remote_address = std::move(remote_address);
  return true;
}

bhttp::response<bhttp::string_body> ToBeast(Response response, unsigned version, bool keep_alive,
                                            bool head_only) {
  bhttp::response<bhttp::string_body> message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  message.set(bhttp::field::date, HttpDate());
  if (IsHeaderValue(response.content_type)) {
    message.set(bhttp::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : response.headers) {
    if (!IsHeaderName(name) || !IsHeaderValue(value)) {
      std::fprintf(stderr, "klang http: dropped invalid response header \"%s\"\n", name.c_str());
      continue;
    }
    message.insert(name, value);
  }
  // 204 and 304 carry neither body nor length; HEAD carries the length of the body it omits.
  if (response.status != 204 && response.status != 304) {
    message.content_length(response.body.size());
    if (!head_only) message.body() = std::move(response.body);
  }
  message.keep_alive(keep_alive);
  return message;
}

// A co_spawn completion handler that reports an exception instead of dropping it silently.
auto LogFailure(const char* what) {
  return [what](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "klang http: %s failed: %s\n", what, error.what());
    } catch (...) {
      std::fprintf(stderr, "klang http: %s failed\n", what);
    }
  };
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, Gatekeeper* gatekeeper)
      : options_(std::move(options)),
        router_(router),
        gatekeeper_(gatekeeper),
        io_(static_cast<int>(std::max<size_t>(1, options_.io_threads))),
        listen_strand_(asio::make_strand(io_)),
        acceptor_(listen_strand_) {}

  ~Impl() {
    Stop();
    // Sockets must go before the io_context they belong to (declared earlier, destroyed later).
    std::lock_guard lock(mutex_);
    connections_.clear();
  }

  Status Start();
  uint16_t port() const { return port_; }
  void Stop();
  void Wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return state_ == State::kStopped; });
  }

 private:
  enum class State { kNew, kRunning, kStopped };

  // Counts a live coroutine for Stop() to wait on. Moved into the coroutine frame, so it is
  // released even when a frame is destroyed without having run.
  class TaskToken {
   public:
    explicit TaskToken(Impl* impl) : impl_(impl) {
      std::lock_guard lock(impl_->mutex_);
      ++impl_->tasks_live_;
    }
    TaskToken(TaskToken&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}
    TaskToken(const TaskToken&) = delete;
    TaskToken& operator=(const TaskToken&) = delete;
    TaskToken& operator=(TaskToken&&) = delete;
    ~TaskToken() {
      if (impl_ == nullptr) return;
      std::lock_guard lock(impl_->mutex_);
      --impl_->tasks_live_;
      impl_->changed_.notify_all();
    }

   private:
    Impl* impl_;
  };

  asio::awaitable<void> Listen(TaskToken token);
  asio::awaitable<void> Serve(TaskToken token, std::shared_ptr<Connection> connection);
  asio::awaitable<void> Refuse(TaskToken token, tcp::socket socket, Status reason);
  // Why a new connection from `address` is refused, or none; mutex_ held.
  std::optional<Status> Admission(const std::string& address) const;
  // Forgets a closed connection.
  void Release(const std::shared_ptr<Connection>& connection);
  // Whether the open connections (the asking one among them) reach into the reserve: the last
  // ServerOptions::connections_reserved of connections_max.
  bool NearFull() {
    std::lock_guard lock(mutex_);
    return connections_.size() + options_.connections_reserved > options_.connections_max;
  }
  asio::awaitable<Response> HandleOnWorker(Request& request) {
    co_return pipeline_->Handle(request);
  }
  // Whether the headers carry a valid session or credential (the Gatekeeper's answer). Asked on a
  // worker, since the Gatekeeper may read the store; false when there is no Gatekeeper, or it
  // fails or throws (fail closed: the ordinary limits apply, and the pipeline answers the request
  // as any other).
  asio::awaitable<bool> SignedIn(const bhttp::request_header<>& header, const std::string& peer);
  asio::awaitable<bool> AuthenticateOnWorker(const Request& probe) {
    try {
      co_return gatekeeper_->Authenticate(probe).ok();
    } catch (const std::exception& error) {
      std::fprintf(stderr, "klang http: checking an upload's session failed: %s\n", error.what());
      co_return false;
    }
  }
  asio::awaitable<bool> Write(beast::tcp_stream& stream, Response response, unsigned version,
                              bool keep_alive, bool head_only, std::chrono::seconds write_time);
  asio::awaitable<void> LingeringClose(beast::tcp_stream& stream);
  void RunIo();

  const ServerOptions options_;
  const Router& router_;
  Gatekeeper* const gatekeeper_;
  std::unique_ptr<internal::Pipeline> pipeline_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex stop_mutex_;  // serialises Stop() callers

  // Declared before io_ so they outlive coroutine frames destroyed with it.
  std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::kNew;                          // guarded by mutex_
  size_t tasks_live_ = 0;                              // guarded by mutex_
  std::set<std::shared_ptr<Connection>> connections_;  // guarded by mutex_
  std::map<std::string, size_t> per_address_;          // open connections by address; mutex_

  asio::io_context io_;
  asio::strand<asio::io_context::executor_type> listen_strand_;
  tcp::acceptor acceptor_;
  std::unique_ptr<asio::thread_pool> workers_;
  std::vector<std::thread> io_threads_;
};

Status Server::Impl::Start() {
  {
    std::lock_guard lock(mutex_);
    KLANG_ASSERT_MSG(state_ == State::kNew, "Server::Start called twice, or after Stop");
  }
  if (gatekeeper_ == nullptr) {
    for (const Route& route : router_.routes()) {
      KLANG_ASSERT_MSG(route.access.public_route, "a protected route needs a Gatekeeper");
    }
  }
  internal::PipelineConfig config;
  if (!options_.static_dir.empty()) {
    std::error_code error;
    config.static_root = std::filesystem::canonical(options_.static_dir, error);
    if (error || !std::filesystem::is_directory(config.static_root)) {
      return Status::InvalidInput("http.static_dir", "ไม่พบโฟลเดอร์ไฟล์ประกอบหน้าเว็บ",
                                  "static_dir " + options_.static_dir + " is not a directory",
                                  "static_dir");
    }
  }
  config.builtin_health = router_.Find("GET", "/healthz").route == nullptr;
  config.secure_cookies = options_.secure_cookies;
  config.observer = options_.observer;
  config.metrics = options_.metrics;
  config.metrics_allowed = options_.metrics_allowed;
  pipeline_ = std::make_unique<internal::Pipeline>(router_, gatekeeper_, std::move(config));

  beast::error_code error;
  const asio::ip::address address = asio::ip::make_address(options_.listen_address, error);
  if (error) {
    return Status::InvalidInput("http.listen_address", "ที่อยู่สำหรับรับการเชื่อมต่อไม่ถูกต้อง",
                                "bad listen address " + options_.listen_address, "listen_address");
  }
  const tcp::endpoint endpoint(address, options_.listen_port);
  const std::string where = options_.listen_address + ":" + std::to_string(options_.listen_port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    beast::error_code ignored;
    acceptor_.close(ignored);
    return Status::Unavailable("http.listen_failed",
                               "cannot listen on " + where + ": " + error.message());
  }
  port_ = acceptor_.local_endpoint(error).port();

  workers_ = std::make_unique<asio::thread_pool>(std::max<size_t>(1, options_.worker_threads));
  asio::co_spawn(listen_strand_, Listen(TaskToken(this)), LogFailure("listener"));
  {
    std::lock_guard lock(mutex_);
    state_ = State::kRunning;
  }
  for (size_t index = 0; index < std::max<size_t>(1, options_.io_threads); ++index) {
    io_threads_.emplace_back([this] { RunIo(); });
  }
  return Status::Ok();
}

void Server::Impl::RunIo() {
  // Completion handlers do not throw by design; if one does, log it and keep serving.
  while (true) {
    try {
      io_.run();
      return;
    } catch (const std::exception& error) {
      std::fprintf(stderr, "klang http: I/O thread caught: %s\n", error.what());
    }
  }
}

void Server::Impl::Stop() {
  std::lock_guard stop_lock(stop_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (state_ == State::kStopped) return;
    if (state_ == State::kNew) {
      state_ = State::kStopped;
      changed_.notify_all();
      return;
    }
  }
  stopping_ = true;
  asio::post(listen_strand_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  {
    std::lock_guard lock(mutex_);
    for (const auto& connection : connections_) {
      // On the connection's strand, so it cannot race the coroutine's own socket use. A
      // connection that is handling a request is left to finish it.
      asio::post(connection->stream.get_executor(), [connection] {
        if (connection->reading) connection->stream.cancel();
      });
    }
  }
  bool drained = false;
  {
    std::unique_lock lock(mutex_);
    drained = changed_.wait_for(lock, std::chrono::seconds(options_.shutdown_grace_seconds_max),
                                [&] { return tasks_live_ == 0; });
  }
  if (!drained) {
    std::fprintf(stderr, "klang http: requests still running after %d s; stopping anyway\n",
                 options_.shutdown_grace_seconds_max);
    workers_->stop();  // drop queued requests; running handlers still finish in join()
  }
  io_.stop();
  for (auto& thread : io_threads_) thread.join();
  io_threads_.clear();
  workers_->join();
  std::lock_guard lock(mutex_);
  state_ = State::kStopped;
  changed_.notify_all();
}

asio::awaitable<void> Server::Impl::Listen([[maybe_unused]] TaskToken token) {
  asio::steady_timer retry_timer(listen_strand_);
  while (true) {
    auto [error, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), kUseTuple);
    if (error == asio::error::operation_aborted || !acceptor_.is_open() || stopping_) co_return;
    if (error) {
      std::fprintf(stderr, "klang http: accept failed: %s\n", error.message().c_str());
      retry_timer.expires_after(kAcceptRetryDelay);
      co_await retry_timer.async_wait(kUseTuple);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // small responses on kept-alive connections
    std::string address = socket.remote_endpoint(ignored).address().to_string();
    auto executor = socket.get_executor();
    std::optional<Status> refusal;
    std::shared_ptr<Connection> connection;
    {
      std::lock_guard lock(mutex_);
      refusal = Admission(address);
      if (!refusal) {
        connection = std::make_shared<Connection>(std::move(socket), address);
        connections_.insert(connection);
        ++per_address_[address];
      }
    }
    if (connection) {
      asio::co_spawn(executor, Serve(TaskToken(this), std::move(connection)),
                     LogFailure("connection"));
    } else {
      asio::co_spawn(executor, Refuse(TaskToken(this), std::move(socket), std::move(*refusal)),
                     LogFailure("refusal"));
    }
  }
}

std::optional<Status> Server::Impl::Admission(const std::string& address) const {
  if (connections_.size() >= options_.connections_max) {
    return Status::Unavailable("http.too_many_connections",
                               "too many open connections (" +
                                   std::to_string(options_.connections_max) + ")");
  }
  const auto held = per_address_.find(address);
  if (options_.connections_per_address_max > 0 && held != per_address_.end() &&
      held->second >= options_.connections_per_address_max) {
    return Status::Unavailable("http.too_many_connections",
                               "too many open connections from one address (" +
                                   std::to_string(options_.connections_per_address_max) + ")");
  }
  return std::nullopt;
}

void Server::Impl::Release(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex_);
  connections_.erase(connection);
  auto held = per_address_.find(connection->address);
  if (held != per_address_.end() && --held->second == 0) per_address_.erase(held);
}

asio::awaitable<void> Server::Impl::Serve([[maybe_unused]] TaskToken token,
                                          std::shared_ptr<Connection> connection) {
  beast::tcp_stream& stream = connection->stream;
  const std::string& remote_address = connection->address;
  beast::flat_buffer buffer;
  const auto header_time = std::chrono::seconds(options_.header_read_seconds_max);
  const auto read_time = std::chrono::seconds(options_.request_read_seconds_max);
  const auto idle_time = std::chrono::seconds(options_.keep_alive_idle_seconds_max);
  const auto write_time = std::chrono::seconds(options_.response_write_seconds_max);
  const auto header_limit = static_cast<uint32_t>(
      std::min<size_t>(options_.header_bytes_max, std::numeric_limits<uint32_t>::max()));
  bool first_request = true;
  bool linger = false;
  try {
    // stopping_ is checked here, on the strand, after Stop() set it and before reading: together
    // with the cancellation Stop() posts to this strand, no connection keeps waiting.
    while (!stopping_) {
      connection->reading = true;
      if (!first_request && buffer.size() == 0) {
        // Between requests the idle limit applies; once a byte arrives, the read limit does.
        stream.expires_after(idle_time);
        auto [idle_error, idle_bytes] =
            co_await stream.async_read_some(buffer.prepare(kReadChunkBytes), kUseTuple);
        if (idle_error) break;
        buffer.commit(idle_bytes);
      }
      first_request = false;

      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(header_limit);
      // Beast checks a Content-Length against the limit while it reads the headers, before we know
      // whether the request is an upload: the larger limit first, the request's own once known.
      parser.body_limit(std::max(options_.body_bytes_max, options_.is_upload ? options_.upload_bytes_max : 0));
      // A connection that sends nothing, or its headers a byte at a time, is closed after
      // header_time; the body then has what is left of read_time.
      const auto started = std::chrono::steady_clock::now();
      stream.expires_after(std::min(header_time, read_time));
      auto [read_error, header_bytes] =
          co_await bhttp::async_read_header(stream, buffer, parser, kUseTuple);
      (void)header_bytes;
      stream.expires_at(started + read_time);
      // A large body only for a signed-in user: a stranger with a made-up cookie gets the
      // ordinary limits, not upload_bytes_max and upload_read_seconds_max.
      bool upload = !read_error && IsUploadRequest(parser.get().base(), options_);
      if (upload) {
        upload = co_await SignedIn(parser.get().base(), remote_address);
        // Stop() cancels only a read in progress, and none was while the session was checked.
        if (stopping_) break;
      }
      if (upload) {
        stream.expires_at(started + std::chrono::seconds(options_.upload_read_seconds_max));
      } else if (!read_error) {
        // Not an upload: its own limit, for a chunked body as it arrives and for a declared length now.
        parser.body_limit(options_.body_bytes_max);
        const auto length = parser.content_length();
        if (length && *length > options_.body_bytes_max) read_error = bhttp::error::body_limit;
      }
      if (!read_error && !parser.is_done()) {
        // Clients that ask first (curl, for bodies over 1 KiB) wait for this before sending.
        if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
          static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          auto [continue_error, continue_bytes] = co_await asio::async_write(
              stream, asio::buffer(kContinue.data(), kContinue.size()), kUseTuple);
          (void)continue_bytes;
          read_error = continue_error;
        }
        if (!read_error) {
          auto [body_error, body_bytes] =
              co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
          (void)body_bytes;
          read_error = body_error;
        }
      }
      connection->reading = false;
      if (read_error) {
        std::optional<Response> refusal = ReadFailureResponse(read_error, options_);
        if (refusal) {
          co_await Write(stream, std::move(*refusal), 11, false, false, write_time);
          linger = true;
        }
        break;
      }

      bhttp::request<bhttp::string_body> message = parser.release();
      const unsigned version = message.version();
      Request request;
      // HTTP/1.1 requires Host (RFC 9112 §3.2); a proxy in front checks it against the site's name.
      const bool host_missing = version >= 11 && message.find(bhttp::field::host) == message.end();
      const std::string client = ClientAddress(
          remote_address, message["X-Forwarded-For"], options_.trusted_proxies);
      if (host_missing || !BuildRequest(message, client, &request)) {
        Response response = internal::MakeProblem(
            Malformed(host_missing ? "HTTP/1.1 request without Host" : "bad request target"), 400);
        internal::AddSecurityHeaders(response, /*cacheable=*/false);
        co_await Write(stream, std::move(response), version, false, false, write_time);
        linger = true;
        break;
      }
      // Decided per request, from how full the server is now: a connection opened in a rush is
      // served normally once the rush is over.
      request.from_reserve = NearFull();
      Response response = co_await asio::co_spawn(workers_->get_executor(), HandleOnWorker(request),
                                                  asio::use_awaitable);
      // A stranger turned away while the server is near full does not keep the connection.
      const bool keep_alive = message.keep_alive() && !stopping_ &&
                              !(request.from_reserve && response.status == 503);
      const bool written = co_await Write(stream, std::move(response), version, keep_alive,
                                          request.method == "HEAD", write_time);
      if (!written || !keep_alive) break;
    }
    if (linger) co_await LingeringClose(stream);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "klang http: connection from %s failed: %s\n", remote_address.c_str(),
                 error.what());
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.close();
  Release(connection);
}

asio::awaitable<bool> Server::Impl::SignedIn(const bhttp::request_header<>& header,
                                              const std::string& peer) {
  if (gatekeeper_ == nullptr) co_return false;
  bhttp::request<bhttp::string_body> headers_only(header);
  Request probe;
  const std::string client = ClientAddress(peer, header["X-Forwarded-For"], options_.trusted_proxies);
  if (!BuildRequest(headers_only, client, &probe)) co_return false;
  co_return co_await asio::co_spawn(workers_->get_executor(), AuthenticateOnWorker(probe),
                                    asio::use_awaitable);
}

asio::awaitable<void> Server::Impl::Refuse([[maybe_unused]] TaskToken token, tcp::socket socket,
                                           Status reason) {
  beast::tcp_stream stream(std::move(socket));
  Response response = internal::MakeProblem(reason, 503);
  response.headers.emplace_back("Retry-After", "1");
  internal::AddSecurityHeaders(response, /*cacheable=*/false);
  if (co_await Write(stream, std::move(response), 11, false, false, kRefusalWriteSecondsMax)) {
    co_await LingeringClose(stream);
  }
  stream.close();
}

asio::awaitable<bool> Server::Impl::Write(beast::tcp_stream& stream, Response response,
                                          unsigned version, bool keep_alive, bool head_only,
                                          std::chrono::seconds write_time) {
  bhttp::response<bhttp::string_body> message =
      ToBeast(std::move(response), version, keep_alive, head_only);
  stream.expires_after(write_time);
  auto [error, bytes] = co_await bhttp::async_write(stream, message, kUseTuple);
  (void)bytes;
  co_return !error;
}

asio::awaitable<void> Server::Impl::LingeringClose(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(kLingerSecondsMax);
  std::vector<char> sink(kLingerChunkBytes);
  size_t drained_bytes = 0;
  while (drained_bytes < kLingerBytesMax) {
    auto [error, bytes] = co_await stream.async_read_some(asio::buffer(sink), kUseTuple);
    if (error) break;
    drained_bytes += bytes;
  }
}

Server::Server(ServerOptions options, const Router& router, Gatekeeper* gatekeeper)
    : impl_(std::make_unique<Impl>(std::move(options), router, gatekeeper)) {}

Server::~Server() = default;

Status Server::Start() { return impl_->Start(); }

uint16_t Server::port() const { return impl_->port(); }

void Server::Stop() { impl_->Stop(); }

void Server::Wait() { impl_->Wait(); }

}  // namespace klang::http
