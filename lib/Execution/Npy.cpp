//===- Npy.cpp - reading and writing NumPy .npy files -----------*- C++ -*-===//
//
// Format reference: numpy/lib/format.py. A file is the magic "\x93NUMPY", a
// major and minor version byte, the header length (2 bytes little-endian in
// version 1.0, 4 bytes in 2.0 and 3.0), then the header: a Python dict literal
// with the keys 'descr', 'fortran_order' and 'shape', padded with spaces and
// ended by '\n'. The raw data follows.
//
//===----------------------------------------------------------------------===//

#include "seqc/Execution/Npy.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cassert>
#include <limits>

using namespace seqc;
using llvm::StringRef;

namespace {

constexpr StringRef kMagic("\x93NUMPY", 6);
/// NumPy itself allows 32 (64 since NumPy 2); more is surely corruption.
constexpr size_t kMaxRank = 64;

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Printable rendering of an arbitrary header fragment for error messages.
std::string quoteForMessage(StringRef text) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << '\'';
  llvm::printEscapedString(text.take_front(40), os);
  if (text.size() > 40)
    os << "...";
  os << '\'';
  return out;
}

/// One value of the header dict.
struct HeaderValue {
  enum Kind { String, Bool, Tuple } kind = String;
  std::string string;
  bool boolean = false;
  llvm::SmallVector<int64_t, 4> tuple;
};

/// Recursive-descent parser for the restricted Python literal syntax of .npy
/// headers: a dict with string keys whose values are strings, True/False or
/// tuples of non-negative integers.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : text(text) {}

  llvm::Error parse(std::optional<HeaderValue> &descr,
                    std::optional<HeaderValue> &fortranOrder,
                    std::optional<HeaderValue> &shape) {
    skipSpace();
    if (!consume('{'))
      return error("expected '{' at the start of the header");
    skipSpace();
    while (!consume('}')) {
      std::string key;
      if (llvm::Error err = parseString(key))
        return err;
      skipSpace();
      if (!consume(':'))
        return error("expected ':' after key '" + key + "'");
      skipSpace();
      std::optional<HeaderValue> *slot = nullptr;
      if (key == "descr")
        slot = &descr;
      else if (key == "fortran_order")
        slot = &fortranOrder;
      else if (key == "shape")
        slot = &shape;
      else
        return error("unexpected key '" + key + "'");
      if (slot->has_value())
        return error("duplicate key '" + key + "'");
      HeaderValue value;
      if (llvm::Error err = parseValue(key, value))
        return err;
      *slot = std::move(value);
      skipSpace();
      if (consume(','))
        skipSpace();
      else if (peek() != '}')
        return error("expected ',' or '}' after the value of '" + key + "'");
    }
    skipSpace();
    if (pos != text.size())
      return error("unexpected " + quoteForMessage(text.drop_front(pos)) +
                   " after the header dict");
    return llvm::Error::success();
  }

private:
  StringRef text;
  size_t pos = 0;

  char peek() const { return pos < text.size() ? text[pos] : '\0'; }
  bool atEnd() const { return pos >= text.size(); }
  bool consume(char c) {
    if (atEnd() || text[pos] != c)
      return false;
    ++pos;
    return true;
  }
  void skipSpace() {
    while (!atEnd() && (text[pos] == ' ' || text[pos] == '\t' ||
                        text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }

  llvm::Error error(const llvm::Twine &message) const {
    if (atEnd())
      return makeError("malformed header: " + message +
                       " (reached the end of the header)");
    return makeError("malformed header: " + message + " at offset " +
                     llvm::Twine(pos));
  }

  llvm::Error parseString(std::string &out) {
    char quote = peek();
    if (quote != '\'' && quote != '"')
      return error("expected a quoted string");
    ++pos;
    size_t start = pos;
    while (!atEnd() && text[pos] != quote) {
      if (text[pos] == '\\')
        return error("escape sequences are not supported");
      if (text[pos] == '\n')
        return error("unterminated string");
      ++pos;
    }
    if (atEnd())
      return error("unterminated string");
    out = text.slice(start, pos).str();
    ++pos;
    return llvm::Error::success();
  }

  llvm::Error parseInteger(int64_t &out) {
    if (peek() == '-')
      return error("negative dimension");
    if (!llvm::isDigit(peek()))
      return error("expected an integer");
    int64_t value = 0;
    while (llvm::isDigit(peek())) {
      int64_t digit = text[pos] - '0';
      if (value > (std::numeric_limits<int64_t>::max() - digit) / 10)
        return error("dimension does not fit in 64 bits");
      value = value * 10 + digit;
      ++pos;
    }
    // Python 2 wrote longs with an 'L' suffix.
    consume('L');
    out = value;
    return llvm::Error::success();
  }

  llvm::Error parseTuple(llvm::SmallVectorImpl<int64_t> &out) {
    // '(' already consumed.
    skipSpace();
    bool sawComma = false;
    while (!consume(')')) {
      int64_t value;
      if (llvm::Error err = parseInteger(value))
        return err;
      out.push_back(value);
      if (out.size() > kMaxRank)
        return error("more than " + llvm::Twine(kMaxRank) + " dimensions");
      skipSpace();
      sawComma = consume(',');
      if (sawComma)
        skipSpace();
      else if (peek() != ')')
        return error("expected ',' or ')' in the shape tuple");
    }
    // "(5)" is the integer 5 in Python, not a tuple.
    if (out.size() == 1 && !sawComma)
      return error("the shape is not a tuple (a 1-D shape is written '(n,)')");
    return llvm::Error::success();
  }

  llvm::Error parseValue(StringRef key, HeaderValue &value) {
    char c = peek();
    if (c == '\'' || c == '"') {
      value.kind = HeaderValue::String;
      return parseString(value.string);
    }
    if (c == '(') {
      ++pos;
      value.kind = HeaderValue::Tuple;
      return parseTuple(value.tuple);
    }
    StringRef rest = text.drop_front(pos);
    if (rest.starts_with("True") || rest.starts_with("False")) {
      value.kind = HeaderValue::Bool;
      value.boolean = rest.starts_with("True");
      pos += value.boolean ? 4 : 5;
      return llvm::Error::success();
    }
    if (c == '[' && key == "descr")
      return error("structured dtypes are not supported");
    return error("unexpected value for '" + key + "'");
  }
};

uint32_t readLittleEndian(StringRef bytes) {
  uint32_t value = 0;
  for (size_t i = bytes.size(); i > 0; --i)
    value = (value << 8) | static_cast<uint8_t>(bytes[i - 1]);
  return value;
}

} // namespace

//===----------------------------------------------------------------------===//
// DType helpers
//===----------------------------------------------------------------------===//

StringRef seqc::getDTypeName(DType dtype) {
  switch (dtype) {
  case DType::Float32:
    return "float32";
  case DType::Int32:
    return "int32";
  case DType::Int64:
    return "int64";
  case DType::Bool:
    return "bool";
  }
  llvm_unreachable("unknown dtype");
}

int64_t seqc::getDTypeSize(DType dtype) {
  switch (dtype) {
  case DType::Float32:
  case DType::Int32:
    return 4;
  case DType::Int64:
    return 8;
  case DType::Bool:
    return 1;
  }
  llvm_unreachable("unknown dtype");
}

StringRef seqc::getNpyDescr(DType dtype) {
  switch (dtype) {
  case DType::Float32:
    return "<f4";
  case DType::Int32:
    return "<i4";
  case DType::Int64:
    return "<i8";
  case DType::Bool:
    return "|b1";
  }
  llvm_unreachable("unknown dtype");
}

std::optional<DType> seqc::parseNpyDescr(StringRef descr) {
  if (descr.size() != 3)
    return std::nullopt;
  char order = descr[0];
  StringRef kind = descr.drop_front();
  // One-byte types have no byte order; '<', '=' (native, which is little
  // endian on every host Seqc supports) and '|' are unambiguous for them.
  if (kind == "b1")
    return (order == '|' || order == '<' || order == '=')
               ? std::optional<DType>(DType::Bool)
               : std::nullopt;
  // Multi-byte types: '>' and '!' are big endian. '|' ("not applicable") is
  // accepted for the little-endian host as NumPy writers never emit it.
  static_assert(llvm::endianness::native == llvm::endianness::little,
                "the .npy reader assumes a little-endian host");
  if (order != '<' && order != '=' && order != '|')
    return std::nullopt;
  if (kind == "f4")
    return DType::Float32;
  if (kind == "i4")
    return DType::Int32;
  if (kind == "i8")
    return DType::Int64;
  return std::nullopt;
}

std::string seqc::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string out = "[";
  llvm::raw_string_ostream os(out);
  llvm::interleave(
      shape, os,
      [&](int64_t dim) {
        if (dim < 0)
          os << '?';
        else
          os << dim;
      },
      ", ");
  os << ']';
  return out;
}

//===----------------------------------------------------------------------===//
// NpyArray
//===----------------------------------------------------------------------===//

NpyArray::NpyArray(DType dtype, llvm::ArrayRef<int64_t> shape)
    : dtype(dtype), shape(shape.begin(), shape.end()) {
  llvm::Expected<int64_t> numBytes =
      computeNumBytes(shape, getDTypeSize(dtype));
  if (numBytes) {
    data.assign(static_cast<size_t>(*numBytes), 0);
    return;
  }
  // A caller bug; without asserts the array stays empty, which checkInputs
  // reports as inconsistent.
  llvm::consumeError(numBytes.takeError());
  assert(false && "NpyArray: invalid shape");
}

int64_t NpyArray::getNumElements() const {
  return getNumBytes() / getDTypeSize(dtype);
}

double NpyArray::getAsDouble(int64_t i) const {
  const uint8_t *p = data.data() + i * getDTypeSize(dtype);
  switch (dtype) {
  case DType::Float32: {
    float v;
    std::memcpy(&v, p, sizeof(v));
    return v;
  }
  case DType::Int32: {
    int32_t v;
    std::memcpy(&v, p, sizeof(v));
    return v;
  }
  case DType::Int64: {
    int64_t v;
    std::memcpy(&v, p, sizeof(v));
    return static_cast<double>(v);
  }
  case DType::Bool:
    return *p ? 1.0 : 0.0;
  }
  llvm_unreachable("unknown dtype");
}

int64_t NpyArray::getAsInt64(int64_t i) const {
  const uint8_t *p = data.data() + i * getDTypeSize(dtype);
  switch (dtype) {
  case DType::Float32: {
    float v;
    std::memcpy(&v, p, sizeof(v));
    return static_cast<int64_t>(v);
  }
  case DType::Int32: {
    int32_t v;
    std::memcpy(&v, p, sizeof(v));
    return v;
  }
  case DType::Int64: {
    int64_t v;
    std::memcpy(&v, p, sizeof(v));
    return v;
  }
  case DType::Bool:
    return *p ? 1 : 0;
  }
  llvm_unreachable("unknown dtype");
}

llvm::Expected<int64_t> seqc::computeNumBytes(llvm::ArrayRef<int64_t> shape,
                                              int64_t itemSize) {
  int64_t total = itemSize;
  bool overflow = false;
  for (int64_t dim : shape) {
    if (dim < 0)
      return makeError("negative dimension in shape " + formatShape(shape));
    int64_t product;
    // Keep multiplying after an overflow so a later zero dimension still
    // yields an empty array.
    if (llvm::MulOverflow(total, dim, product))
      overflow = true;
    total = product;
  }
  if (llvm::is_contained(shape, 0))
    return 0;
  if (overflow)
    return makeError("shape " + formatShape(shape) + " is too large");
  return total;
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

llvm::Expected<NpyArray> seqc::parseNpy(llvm::MemoryBufferRef buffer) {
  StringRef bytes = buffer.getBuffer();
  if (bytes.empty())
    return makeError("not a .npy file (empty file)");
  if (!bytes.starts_with(kMagic)) {
    if (kMagic.starts_with(bytes))
      return makeError("truncated .npy file (" + llvm::Twine(bytes.size()) +
                       " bytes)");
    return makeError("not a .npy file (bad magic)");
  }
  if (bytes.size() < 8)
    return makeError("truncated .npy file (" + llvm::Twine(bytes.size()) +
                     " bytes)");
  unsigned major = static_cast<uint8_t>(bytes[6]);
  unsigned minor = static_cast<uint8_t>(bytes[7]);
  size_t lengthBytes;
  if (major == 1)
    lengthBytes = 2;
  else if (major == 2 || major == 3)
    lengthBytes = 4;
  else
    return makeError("unsupported .npy format version " + llvm::Twine(major) +
                     "." + llvm::Twine(minor));
  size_t prefix = 8 + lengthBytes;
  if (bytes.size() < prefix)
    return makeError("truncated .npy file (" + llvm::Twine(bytes.size()) +
                     " bytes)");
  uint64_t headerLength = readLittleEndian(bytes.slice(8, prefix));
  if (headerLength > bytes.size() - prefix)
    return makeError("header length " + llvm::Twine(headerLength) +
                     " exceeds the file size (" + llvm::Twine(bytes.size()) +
                     " bytes)");
  StringRef header = bytes.substr(prefix, headerLength);
  if (major < 3 && llvm::any_of(header, [](char c) {
        return static_cast<unsigned char>(c) >= 0x80;
      }))
    return makeError("malformed header: non-ASCII byte in a version " +
                     llvm::Twine(major) + ".0 header");

  std::optional<HeaderValue> descr, fortranOrder, shape;
  if (llvm::Error err = HeaderParser(header).parse(descr, fortranOrder, shape))
    return std::move(err);
  if (!descr || !fortranOrder || !shape)
    return makeError(llvm::Twine("malformed header: missing key '") +
                     (!descr ? "descr" : !fortranOrder ? "fortran_order"
                                                       : "shape") +
                     "'");
  if (descr->kind != HeaderValue::String)
    return makeError("malformed header: 'descr' is not a string");
  if (fortranOrder->kind != HeaderValue::Bool)
    return makeError("malformed header: 'fortran_order' is not True or False");
  if (shape->kind != HeaderValue::Tuple)
    return makeError("malformed header: 'shape' is not a tuple");

  std::optional<DType> dtype = parseNpyDescr(descr->string);
  if (!dtype)
    return makeError("unsupported dtype " + quoteForMessage(descr->string) +
                     " (supported: '<f4', '<i4', '<i8', '|b1')");
  if (fortranOrder->boolean)
    return makeError("Fortran-ordered arrays are not supported");

  llvm::Expected<int64_t> expectedBytes =
      computeNumBytes(shape->tuple, getDTypeSize(*dtype));
  if (!expectedBytes)
    return expectedBytes.takeError();
  uint64_t dataOffset = prefix + headerLength;
  uint64_t actualBytes = bytes.size() - dataOffset;
  if (actualBytes != static_cast<uint64_t>(*expectedBytes))
    return makeError(llvm::Twine("data is too ") +
                     (actualBytes < static_cast<uint64_t>(*expectedBytes)
                          ? "short"
                          : "long") +
                     ": shape " + formatShape(shape->tuple) + " of " +
                     getDTypeName(*dtype) + " needs " +
                     llvm::Twine(*expectedBytes) + " bytes, the file has " +
                     llvm::Twine(actualBytes));

  NpyArray array;
  array.dtype = *dtype;
  array.shape.assign(shape->tuple.begin(), shape->tuple.end());
  StringRef payload = bytes.drop_front(dataOffset);
  array.data.assign(payload.bytes_begin(), payload.bytes_end());
  // LLVM's i1 is only defined for bytes holding 0 or 1; NumPy treats any
  // non-zero byte as True.
  if (array.dtype == DType::Bool)
    for (uint8_t &b : array.data)
      b = b != 0;
  return std::move(array);
}

llvm::Expected<NpyArray> seqc::readNpyFile(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (std::error_code ec = buffer.getError())
    return makeError("cannot read '" + path + "': " + ec.message());
  return parseNpy((*buffer)->getMemBufferRef());
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

void seqc::writeNpy(llvm::raw_ostream &os, const NpyArray &array) {
  std::string dict;
  llvm::raw_string_ostream dictOs(dict);
  dictOs << "{'descr': '" << getNpyDescr(array.dtype)
         << "', 'fortran_order': False, 'shape': (";
  for (int64_t dim : array.shape)
    dictOs << dim << (array.shape.size() == 1 ? "," : ", ");
  if (array.shape.size() > 1)
    dict.resize(dict.size() - 2);
  dictOs << "), }";

  // Pad with spaces so the data starts 64-byte aligned; '\n' ends the header.
  // Version 1.0 stores the header length in 16 bits, 2.0 in 32.
  size_t prefix = 10;
  size_t headerLength = llvm::alignTo(prefix + dict.size() + 1, 64) - prefix;
  if (headerLength > 0xffff) {
    prefix = 12;
    headerLength = llvm::alignTo(prefix + dict.size() + 1, 64) - prefix;
  }
  dict.append(headerLength - 1 - dict.size(), ' ');
  dict.push_back('\n');

  os << kMagic;
  if (prefix == 10) {
    os << '\x01' << '\x00';
    os << static_cast<char>(headerLength & 0xff)
       << static_cast<char>((headerLength >> 8) & 0xff);
  } else {
    os << '\x02' << '\x00';
    for (int i = 0; i < 4; ++i)
      os << static_cast<char>((headerLength >> (8 * i)) & 0xff);
  }
  os << dict;
  os.write(reinterpret_cast<const char *>(array.data.data()),
           array.data.size());
}

llvm::Error seqc::writeNpyFile(StringRef path, const NpyArray &array) {
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    writeNpy(os, array);
    return llvm::Error::success();
  });
}
