// The precompiled header Klang's targets share when KLANG_PCH is on (the asan preset; see
// CMakeLists.txt).
// It holds only the standard library and nlohmann/json: about 130,000 of the 145,000 lines a
// typical translation unit parses. No Klang header belongs here — a change to one would rebuild
// everything — and no source may rely on it: every file still includes what it uses, and a build
// without it (the release and debug presets) checks that.
#pragma once
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
