//===- SafeTensors.cpp - read .safetensors weight files ---------*- C++ -*-===//
//
// Validation follows the reference implementation (huggingface/safetensors):
// the data section must be covered exactly, tensor by tensor in offset order,
// with no overlap, hole or trailing byte. Nothing in a file is trusted before
// it is checked, so a corrupted file gives an error, never a crash.
//
//===----------------------------------------------------------------------===//

#include "seqc/Support/SafeTensors.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <tuple>

using namespace seqc;
using llvm::StringRef;

/// Valid headers nest three levels deep; the JSON parser recurses, so a
/// hostile header must not get to nest deeply.
static constexpr unsigned kMaxJsonDepth = 16;

StringRef seqc::dtypeName(WeightDType dtype) {
  switch (dtype) {
  case WeightDType::F32:
    return "F32";
  case WeightDType::F16:
    return "F16";
  case WeightDType::BF16:
    return "BF16";
  case WeightDType::I32:
    return "I32";
  case WeightDType::I64:
    return "I64";
  case WeightDType::Bool:
    return "BOOL";
  }
  llvm_unreachable("unknown WeightDType");
}

int64_t seqc::dtypeSize(WeightDType dtype) {
  switch (dtype) {
  case WeightDType::F32:
  case WeightDType::I32:
    return 4;
  case WeightDType::F16:
  case WeightDType::BF16:
    return 2;
  case WeightDType::I64:
    return 8;
  case WeightDType::Bool:
    return 1;
  }
  llvm_unreachable("unknown WeightDType");
}

static std::optional<WeightDType> parseDType(StringRef name) {
  for (WeightDType dtype :
       {WeightDType::F32, WeightDType::F16, WeightDType::BF16, WeightDType::I32,
        WeightDType::I64, WeightDType::Bool})
    if (name == dtypeName(dtype))
      return dtype;
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Element conversion
//===----------------------------------------------------------------------===//

/// IEEE binary16 → binary32, exactly.
static float halfToFloat(uint16_t half) {
  uint32_t sign = static_cast<uint32_t>(half & 0x8000) << 16;
  uint32_t exponent = (half >> 10) & 0x1f;
  uint32_t mantissa = half & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) {
    // Infinity or NaN; the payload is kept.
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {
    // Subnormal: mantissa × 2^-24 is a normal float; normalise by hand.
    int shift = 0;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      ++shift;
    }
    mantissa &= 0x3ff;
    bits = sign | (static_cast<uint32_t>(127 - 15 + 1 - shift) << 23) |
           (mantissa << 13);
  }
  return llvm::bit_cast<float>(bits);
}

static float bfloatToFloat(uint16_t bfloat) {
  return llvm::bit_cast<float>(static_cast<uint32_t>(bfloat) << 16);
}

static int64_t floatToInt64(double value) {
  if (std::isnan(value))
    return 0;
  // 2^63 is exactly representable; anything at or beyond it saturates.
  if (value >= 9223372036854775808.0)
    return std::numeric_limits<int64_t>::max();
  if (value <= -9223372036854775808.0)
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(value);
}

int64_t TensorView::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// Calls `fn(i, value)` for every element, with value converted to double
/// (exact for every type but I64 beyond 2^53, which toI64 reads directly).
template <typename Fn>
static void forEachElement(const TensorView &view, Fn fn) {
  const char *data = view.bytes.data();
  int64_t count = view.numElements();
  for (int64_t i = 0; i < count; ++i) {
    switch (view.dtype) {
    case WeightDType::F32:
      fn(i, static_cast<double>(llvm::bit_cast<float>(
                llvm::support::endian::read32le(data + 4 * i))));
      break;
    case WeightDType::F16:
      fn(i, static_cast<double>(
                halfToFloat(llvm::support::endian::read16le(data + 2 * i))));
      break;
    case WeightDType::BF16:
      fn(i, static_cast<double>(
                bfloatToFloat(llvm::support::endian::read16le(data + 2 * i))));
      break;
    case WeightDType::I32:
      fn(i, static_cast<double>(static_cast<int32_t>(
                llvm::support::endian::read32le(data + 4 * i))));
      break;
    case WeightDType::I64:
      fn(i, static_cast<double>(static_cast<int64_t>(
                llvm::support::endian::read64le(data + 8 * i))));
      break;
    case WeightDType::Bool:
      fn(i, data[i] != 0 ? 1.0 : 0.0);
      break;
    }
  }
}

std::vector<float> TensorView::toF32() const {
  std::vector<float> values(numElements());
  if (dtype == WeightDType::I64) {
    // Round int64 → float once, not through double.
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<float>(static_cast<int64_t>(
          llvm::support::endian::read64le(bytes.data() + 8 * i)));
    return values;
  }
  forEachElement(*this, [&](int64_t i, double value) {
    values[i] = static_cast<float>(value);
  });
  return values;
}

std::vector<int64_t> TensorView::toI64() const {
  std::vector<int64_t> values(numElements());
  if (dtype == WeightDType::I64) {
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<int64_t>(
          llvm::support::endian::read64le(bytes.data() + 8 * i));
    return values;
  }
  forEachElement(
      *this, [&](int64_t i, double value) { values[i] = floatToInt64(value); });
  return values;
}

//===----------------------------------------------------------------------===//
// Header validation
//===----------------------------------------------------------------------===//

namespace {

/// Builds "<file>: <message>" errors.
class ErrorBuilder {
public:
  explicit ErrorBuilder(StringRef file) : file(file.str()) {}
  llvm::Error operator()(const llvm::Twine &message) const {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   file + ": " + message);
  }
  llvm::Error tensor(StringRef name, const llvm::Twine &message) const {
    return (*this)("tensor '" + name + "': " + message);
  }

private:
  std::string file;
};

/// A tensor whose header entry is valid on its own.
struct Entry {
  std::string name;
  WeightDType dtype;
  llvm::SmallVector<int64_t> shape;
  uint64_t begin, end;
};

} // namespace

static std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

/// Deepest nesting of arrays and objects in `json`, ignoring brackets inside
/// strings, stopping as soon as it exceeds `limit`.
static unsigned jsonDepth(StringRef json, unsigned limit) {
  unsigned depth = 0, deepest = 0;
  bool inString = false, escaped = false;
  for (char c : json) {
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit)
        return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

/// The first key that appears twice in the top-level object of `json` (a
/// valid JSON text), decoded, or nullopt. llvm::json keeps the last of
/// duplicate keys; the safetensors format has one entry per tensor, so a
/// second one is a broken file, not an override.
static std::optional<std::string> duplicateTopLevelKey(StringRef json) {
  llvm::StringSet<> seen;
  unsigned depth = 0;
  bool inString = false, escaped = false;
  size_t stringBegin = 0;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
        // A string at depth 1 followed by ':' is a key of the root.
        size_t next = json.find_first_not_of(" \t\r\n", i + 1);
        if (depth == 1 && next != StringRef::npos && json[next] == ':') {
          llvm::Expected<llvm::json::Value> key =
              llvm::json::parse(json.slice(stringBegin, i + 1));
          if (!key) {
            llvm::consumeError(key.takeError());
            continue;
          }
          std::string text = key->getAsString()->str();
          if (!seen.insert(text).second)
            return text;
        }
      }
      continue;
    }
    if (c == '"') {
      inString = true;
      stringBegin = i;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

/// Reads a non-negative JSON integer.
static std::optional<uint64_t> getNonNegative(const llvm::json::Value &value) {
  std::optional<int64_t> integer = value.getAsInteger();
  if (!integer || *integer < 0)
    return std::nullopt;
  return static_cast<uint64_t>(*integer);
}

static llvm::Expected<Entry> parseEntry(const ErrorBuilder &error,
                                        StringRef name,
                                        const llvm::json::Value &value,
                                        uint64_t dataBytes) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return error.tensor(name, "expected an object with dtype, shape and "
                              "data_offsets");
  Entry entry;
  entry.name = name.str();

  const llvm::json::Value *dtypeValue = object->get("dtype");
  if (!dtypeValue)
    return error.tensor(name, "missing 'dtype'");
  std::optional<StringRef> dtypeString = dtypeValue->getAsString();
  if (!dtypeString)
    return error.tensor(name, "'dtype' is not a string");
  std::optional<WeightDType> dtype = parseDType(*dtypeString);
  if (!dtype)
    return error.tensor(name, "unsupported dtype '" + *dtypeString +
                                  "' (expected F32, F16, BF16, I32, I64 or "
                                  "BOOL)");
  entry.dtype = *dtype;

  const llvm::json::Value *shapeValue = object->get("shape");
  if (!shapeValue)
    return error.tensor(name, "missing 'shape'");
  const llvm::json::Array *shape = shapeValue->getAsArray();
  if (!shape)
    return error.tensor(name, "'shape' is not an array");
  // Elements × bytes per element, checked for overflow as it grows.
  int64_t needed = dtypeSize(entry.dtype);
  bool overflow = false;
  for (const llvm::json::Value &dimValue : *shape) {
    std::optional<uint64_t> dim = getNonNegative(dimValue);
    if (!dim)
      return error.tensor(name, "'shape' holds something other than a "
                                "non-negative integer");
    entry.shape.push_back(static_cast<int64_t>(*dim));
    overflow |=
        llvm::MulOverflow(needed, static_cast<int64_t>(*dim), needed) != 0;
  }
  if (overflow)
    return error.tensor(name, "shape " + formatShape(entry.shape) +
                                  " has too many elements");

  const llvm::json::Value *offsetsValue = object->get("data_offsets");
  if (!offsetsValue)
    return error.tensor(name, "missing 'data_offsets'");
  const llvm::json::Array *offsets = offsetsValue->getAsArray();
  std::optional<uint64_t> begin, end;
  if (offsets && offsets->size() == 2) {
    begin = getNonNegative((*offsets)[0]);
    end = getNonNegative((*offsets)[1]);
  }
  if (!begin || !end)
    return error.tensor(name, "'data_offsets' is not a pair of non-negative "
                              "integers [begin, end]");
  entry.begin = *begin;
  entry.end = *end;
  std::string range = "data_offsets [" + std::to_string(*begin) + ", " +
                      std::to_string(*end) + "]";
  if (*begin > *end)
    return error.tensor(name, range + " end before they begin");
  if (*end > dataBytes)
    return error.tensor(name, range + " end past the data section (" +
                                  llvm::Twine(dataBytes) + " bytes)");
  if (*end - *begin != static_cast<uint64_t>(needed))
    return error.tensor(name, range + " hold " + llvm::Twine(*end - *begin) +
                                  " bytes but " + dtypeName(entry.dtype) + " " +
                                  formatShape(entry.shape) + " needs " +
                                  llvm::Twine(needed));
  return entry;
}

llvm::Expected<std::unique_ptr<SafeTensors>> SafeTensors::open(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return ErrorBuilder(path)("cannot open: " + buffer.getError().message());
  return fromBuffer(std::move(*buffer));
}

llvm::Expected<std::unique_ptr<SafeTensors>>
SafeTensors::fromBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer) {
  ErrorBuilder error(buffer->getBufferIdentifier());
  StringRef file = buffer->getBuffer();
  if (file.size() < 8)
    return error("the file is " + llvm::Twine(file.size()) +
                 " bytes long, too short for the 8-byte header length");
  uint64_t headerBytes = llvm::support::endian::read64le(file.data());
  if (headerBytes > kMaxHeaderBytes)
    return error("the header length " + llvm::Twine(headerBytes) +
                 " exceeds the limit of " + llvm::Twine(kMaxHeaderBytes) +
                 " bytes");
  if (headerBytes > file.size() - 8)
    return error("the header length " + llvm::Twine(headerBytes) +
                 " runs past the end of the file (" + llvm::Twine(file.size()) +
                 " bytes)");
  StringRef header = file.substr(8, headerBytes);
  uint64_t dataStart = 8 + headerBytes;
  uint64_t dataBytes = file.size() - dataStart;

  if (jsonDepth(header, kMaxJsonDepth) > kMaxJsonDepth)
    return error("the JSON header nests deeper than " +
                 llvm::Twine(kMaxJsonDepth) + " levels");
  llvm::Expected<llvm::json::Value> json = llvm::json::parse(header);
  if (!json)
    return error("invalid JSON header: " + llvm::toString(json.takeError()));
  const llvm::json::Object *root = json->getAsObject();
  if (!root)
    return error("the JSON header is not an object");
  if (std::optional<std::string> key = duplicateTopLevelKey(header))
    return error("the JSON header has the key '" + *key + "' twice");

  std::unique_ptr<SafeTensors> result(new SafeTensors());
  std::vector<Entry> entries;
  for (const auto &[key, value] : *root) {
    StringRef name = key;
    if (name == "__metadata__") {
      const llvm::json::Object *metadata = value.getAsObject();
      if (!metadata)
        return error("'__metadata__' is not an object");
      for (const auto &[metaKey, metaValue] : *metadata) {
        std::optional<StringRef> text = metaValue.getAsString();
        if (!text)
          return error("'__metadata__' entry '" + StringRef(metaKey) +
                       "' is not a string");
        result->metadataList.emplace_back(StringRef(metaKey).str(),
                                          text->str());
      }
      continue;
    }
    llvm::Expected<Entry> entry = parseEntry(error, name, value, dataBytes);
    if (!entry)
      return entry.takeError();
    entries.push_back(std::move(*entry));
  }
  llvm::sort(result->metadataList);

  // In offset order, each tensor must start where the previous one ended.
  llvm::sort(entries, [](const Entry &a, const Entry &b) {
    return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
  });
  uint64_t covered = 0;
  const Entry *previous = nullptr;
  for (const Entry &entry : entries) {
    if (entry.begin < covered)
      return error.tensor(entry.name,
                          "data_offsets [" + llvm::Twine(entry.begin) + ", " +
                              llvm::Twine(entry.end) + "] overlap tensor '" +
                              previous->name + "' at [" +
                              llvm::Twine(previous->begin) + ", " +
                              llvm::Twine(previous->end) + "]");
    if (entry.begin > covered)
      return error("bytes [" + llvm::Twine(covered) + ", " +
                   llvm::Twine(entry.begin) +
                   ") of the data section belong to no tensor");
    covered = entry.end;
    previous = &entry;
  }
  if (covered != dataBytes)
    return error("bytes [" + llvm::Twine(covered) + ", " +
                 llvm::Twine(dataBytes) +
                 ") of the data section belong to no tensor");

  const char *data = file.data() + dataStart;
  for (Entry &entry : entries) {
    TensorView view;
    view.name = std::move(entry.name);
    view.dtype = entry.dtype;
    view.shape = std::move(entry.shape);
    view.bytes =
        llvm::ArrayRef<char>(data + entry.begin, entry.end - entry.begin);
    result->index[view.name] = result->tensorList.size();
    result->tensorList.push_back(std::move(view));
  }
  result->buffer = std::move(buffer);
  return std::move(result);
}

const TensorView *SafeTensors::lookup(StringRef name) const {
  auto it = index.find(name);
  return it == index.end() ? nullptr : &tensorList[it->second];
}
