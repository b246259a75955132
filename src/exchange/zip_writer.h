// exchange/zip_writer.h — a zip archive built in memory with libzip (the auditor's package).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace klang::exchange {

struct ZipFile {
  std::string path;   // inside the archive, "/"-separated
  std::string bytes;
  bool executable = false;  // a script: unpacked with mode 0755 where the system keeps modes
};

// The archive's bytes (deflated). Errors: export.zip.
Result<std::string> BuildZip(const std::vector<ZipFile>& files);

}  // namespace klang::exchange
