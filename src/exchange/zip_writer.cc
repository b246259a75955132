#include "exchange/zip_writer.h"

#include <sys/stat.h>
#include <zip.h>

namespace klang::exchange {
namespace {

Status ZipError(const std::string& what) { return Status::Internal("export.zip", "zip: " + what); }

}  // namespace

Result<std::string> BuildZip(const std::vector<ZipFile>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return ZipError("buffer");
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return ZipError("open");
  }
  zip_source_keep(buffer);  // kept past zip_close, to read the archive back
  for (const ZipFile& file : files) {
    // libzip reads the bytes at zip_close: `files` outlives it.
    zip_source_t* source = zip_source_buffer(archive, file.bytes.data(), file.bytes.size(), 0);
    const zip_int64_t index = source == nullptr ? -1 : zip_file_add(archive, file.path.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      zip_discard(archive);
      zip_source_free(buffer);
      return ZipError("add " + file.path);
    }
    const zip_uint32_t mode = (S_IFREG | (file.executable ? 0755 : 0644)) << 16;
    zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX, mode);
  }
  if (zip_close(archive) != 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    return ZipError("close");
  }
  std::string bytes;
  if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    bytes.resize(size > 0 ? static_cast<size_t>(size) : 0);
    const zip_int64_t read = bytes.empty() ? 0 : zip_source_read(buffer, bytes.data(), bytes.size());
    zip_source_close(buffer);
    if (read != static_cast<zip_int64_t>(bytes.size())) bytes.clear();
  }
  zip_source_free(buffer);
  if (bytes.empty()) return ZipError("read back");
  return bytes;
}

}  // namespace klang::exchange
