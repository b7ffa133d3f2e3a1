//===- SafeTensorsTest.cpp - safetensors parsing and validation -*- C++ -*-===//

#include "seqc/Support/SafeTensors.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

using namespace seqc;

namespace {

/// A safetensors file: 8-byte little-endian header length, header, data.
std::string makeFile(llvm::StringRef header, llvm::StringRef data) {
  std::string file;
  uint64_t length = header.size();
  for (int i = 0; i < 8; ++i)
    file.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
  return file + header.str() + data.str();
}

template <typename T> std::string bytesOf(std::initializer_list<T> values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  std::memcpy(bytes.data(), values.begin(), bytes.size());
  return bytes;
}

llvm::Expected<std::unique_ptr<SafeTensors>> parse(llvm::StringRef file) {
  return SafeTensors::fromBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(file, "W.safetensors"));
}

/// The error of a parse that must fail ("" if it succeeded).
std::string parseError(llvm::StringRef file) {
  auto result = parse(file);
  if (result)
    return "";
  return llvm::toString(result.takeError());
}

/// One tensor of `dtype` and `shape` over `bytes` data bytes.
std::string oneTensor(llvm::StringRef dtype, llvm::StringRef shape,
                      size_t bytes) {
  std::string header = "{\"x\":{\"dtype\":\"" + dtype.str() +
                       "\",\"shape\":" + shape.str() + ",\"data_offsets\":[0," +
                       std::to_string(bytes) + "]}}";
  return makeFile(header, std::string(bytes, '\0'));
}

/// Two F32 tensors and metadata; data padded as the Python writer does.
std::string validFile() {
  std::string header =
      R"({"__metadata__":{"format":"pt","b":"2"},)"
      R"("w":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]},)"
      R"("ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})";
  header.append((8 - header.size() % 8) % 8, ' ');
  return makeFile(header, bytesOf<int64_t>({-7}) +
                              bytesOf<float>({1.0f, -2.5f, 3.0f, 0.125f}));
}

TEST(SafeTensorsTest, ValidFile) {
  auto file = parse(validFile());
  ASSERT_TRUE(!!file) << llvm::toString(file.takeError());
  SafeTensors &st = **file;
  EXPECT_EQ(st.path(), "W.safetensors");
  ASSERT_EQ(st.tensors().size(), 2u);
  // In data order.
  EXPECT_EQ(st.tensors()[0].name, "ids");
  EXPECT_EQ(st.tensors()[1].name, "w");

  const TensorView *w = st.lookup("w");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->dtype, WeightDType::F32);
  EXPECT_EQ(w->shape, (llvm::SmallVector<int64_t>{2, 2}));
  EXPECT_EQ(w->numElements(), 4);
  EXPECT_EQ(w->bytes.size(), 16u);
  EXPECT_EQ(w->toF32(), (std::vector<float>{1.0f, -2.5f, 3.0f, 0.125f}));
  EXPECT_EQ(w->toI64(), (std::vector<int64_t>{1, -2, 3, 0}));

  const TensorView *ids = st.lookup("ids");
  ASSERT_NE(ids, nullptr);
  EXPECT_EQ(ids->toI64(), (std::vector<int64_t>{-7}));
  EXPECT_EQ(ids->toF32(), (std::vector<float>{-7.0f}));
  EXPECT_EQ(st.lookup("nope"), nullptr);

  ASSERT_EQ(st.metadata().size(), 2u);
  EXPECT_EQ(st.metadata()[0], (std::pair<std::string, std::string>{"b", "2"}));
  EXPECT_EQ(st.metadata()[1],
            (std::pair<std::string, std::string>{"format", "pt"}));
}

TEST(SafeTensorsTest, EmptyAndScalarTensors) {
  // No tensors at all.
  auto empty = parse(makeFile("{}", ""));
  ASSERT_TRUE(!!empty) << llvm::toString(empty.takeError());
  EXPECT_TRUE((*empty)->tensors().empty());

  // A scalar, and zero-element tensors sharing an offset.
  auto file = parse(
      makeFile(R"({"s":{"dtype":"I32","shape":[],"data_offsets":[0,4]},)"
               R"("e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]},)"
               R"("f":{"dtype":"BF16","shape":[2,0],"data_offsets":[4,4]}})",
               bytesOf<int32_t>({-3})));
  ASSERT_TRUE(!!file) << llvm::toString(file.takeError());
  EXPECT_EQ((*file)->lookup("s")->toF32(), (std::vector<float>{-3.0f}));
  EXPECT_EQ((*file)->lookup("e")->numElements(), 0);
  EXPECT_TRUE((*file)->lookup("f")->toF32().empty());
}

TEST(SafeTensorsTest, HalfConversionIsExactForEveryValue) {
  std::string data;
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    data.push_back(static_cast<char>(bits & 0xff));
    data.push_back(static_cast<char>(bits >> 8));
  }
  auto file = parse(makeFile(
      R"({"h":{"dtype":"F16","shape":[65536],"data_offsets":[0,131072]}})",
      data));
  ASSERT_TRUE(!!file) << llvm::toString(file.takeError());
  std::vector<float> values = (*file)->lookup("h")->toF32();
  ASSERT_EQ(values.size(), 65536u);
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    float value = values[bits];
    int exponent = (bits >> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    bool negative = bits & 0x8000;
    if (exponent == 0x1f) {
      if (mantissa == 0) {
        EXPECT_TRUE(std::isinf(value) && std::signbit(value) == negative);
      } else {
        EXPECT_TRUE(std::isnan(value)) << bits;
      }
      continue;
    }
    // Subnormals: mantissa × 2^-24; normals: (1024 + mantissa) × 2^(e-25).
    double magnitude = exponent == 0
                           ? std::ldexp(mantissa, -24)
                           : std::ldexp(1024 + mantissa, exponent - 25);
    EXPECT_EQ(value, negative ? -magnitude : magnitude) << "bits " << bits;
    EXPECT_EQ(std::signbit(value), negative) << "bits " << bits;
  }
  EXPECT_EQ(values[0x3c00], 1.0f);
  EXPECT_EQ(values[0x7bff], 65504.0f);
  EXPECT_EQ(values[0x0001], std::ldexp(1.0f, -24));
}

TEST(SafeTensorsTest, BFloatBoolAndIntConversions) {
  std::string data = bytesOf<uint16_t>({0x3f80, 0xc040, 0x7f80, 0x0001}) +
                     bytesOf<int32_t>({-5, 7}) + std::string("\x00\x01\x02", 3);
  auto file = parse(
      makeFile(R"({"b":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]},)"
               R"("i":{"dtype":"I32","shape":[2],"data_offsets":[8,16]},)"
               R"("m":{"dtype":"BOOL","shape":[3],"data_offsets":[16,19]}})",
               data));
  ASSERT_TRUE(!!file) << llvm::toString(file.takeError());
  std::vector<float> b = (*file)->lookup("b")->toF32();
  EXPECT_EQ(b[0], 1.0f);
  EXPECT_EQ(b[1], -3.0f);
  EXPECT_TRUE(std::isinf(b[2]));
  EXPECT_EQ(b[3], std::ldexp(1.0f, -133)); // smallest bf16 subnormal
  EXPECT_EQ((*file)->lookup("i")->toF32(), (std::vector<float>{-5.0f, 7.0f}));
  EXPECT_EQ((*file)->lookup("m")->toF32(),
            (std::vector<float>{0.0f, 1.0f, 1.0f}));
  EXPECT_EQ((*file)->lookup("m")->toI64(), (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ(dtypeName(WeightDType::Bool), "BOOL");
  EXPECT_EQ(dtypeSize(WeightDType::BF16), 2);
}

TEST(SafeTensorsTest, FileErrors) {
  auto missing = SafeTensors::open("/nonexistent/W.safetensors");
  ASSERT_FALSE(!!missing);
  std::string message = llvm::toString(missing.takeError());
  EXPECT_NE(message.find("/nonexistent/W.safetensors: cannot open"),
            std::string::npos)
      << message;

  EXPECT_EQ(parseError("abc"), "W.safetensors: the file is 3 bytes long, too "
                               "short for the 8-byte header length");
  std::string huge = makeFile("{}", "");
  huge[3] = 0x7f;
  EXPECT_NE(parseError(huge).find("exceeds the limit of 104857600 bytes"),
            std::string::npos);
  std::string past = makeFile("{}", "");
  past[0] = 10;
  EXPECT_EQ(parseError(past), "W.safetensors: the header length 10 runs past "
                              "the end of the file (10 bytes)");
}

TEST(SafeTensorsTest, HeaderErrors) {
  EXPECT_NE(parseError(makeFile("{\"x\":", ""))
                .find("W.safetensors: invalid JSON header: "),
            std::string::npos);
  EXPECT_EQ(parseError(makeFile("[1]", "")),
            "W.safetensors: the JSON header is not an object");
  EXPECT_EQ(
      parseError(makeFile(std::string(40, '[') + std::string(40, ']'), "")),
      "W.safetensors: the JSON header nests deeper than 16 levels");
  EXPECT_EQ(parseError(makeFile(R"({"__metadata__":[1]})", "")),
            "W.safetensors: '__metadata__' is not an object");
  EXPECT_EQ(parseError(makeFile(R"({"__metadata__":{"k":1}})", "")),
            "W.safetensors: '__metadata__' entry 'k' is not a string");
  EXPECT_EQ(parseError(makeFile(R"({"x":3})", "")),
            "W.safetensors: tensor 'x': expected an object with dtype, shape "
            "and data_offsets");
  EXPECT_EQ(
      parseError(makeFile(R"({"x":{"shape":[],"data_offsets":[0,0]}})", "")),
      "W.safetensors: tensor 'x': missing 'dtype'");
  EXPECT_EQ(parseError(makeFile(R"({"x":{"dtype":"F32","data_offsets":[0,4]}})",
                                "abcd")),
            "W.safetensors: tensor 'x': missing 'shape'");
  EXPECT_EQ(parseError(makeFile(R"({"x":{"dtype":"F32","shape":[]}})", "")),
            "W.safetensors: tensor 'x': missing 'data_offsets'");
}

TEST(SafeTensorsTest, EntryErrors) {
  EXPECT_EQ(parseError(oneTensor("F64", "[1]", 8)),
            "W.safetensors: tensor 'x': unsupported dtype 'F64' (expected F32, "
            "F16, BF16, I32, I64 or BOOL)");
  EXPECT_EQ(parseError(oneTensor("F32", "[2,-1]", 8)),
            "W.safetensors: tensor 'x': 'shape' holds something other than a "
            "non-negative integer");
  EXPECT_EQ(parseError(oneTensor("F32", "[1.5]", 8)),
            "W.safetensors: tensor 'x': 'shape' holds something other than a "
            "non-negative integer");
  EXPECT_EQ(parseError(oneTensor("F32", "3", 12)),
            "W.safetensors: tensor 'x': 'shape' is not an array");
  EXPECT_EQ(parseError(oneTensor("F32", "[4294967296,4294967296]", 8)),
            "W.safetensors: tensor 'x': shape [4294967296, 4294967296] has too "
            "many elements");
  EXPECT_EQ(parseError(oneTensor("I64", "[1152921504606846976]", 8)),
            "W.safetensors: tensor 'x': shape [1152921504606846976] has too "
            "many elements");
  // The message the issue asks for.
  EXPECT_EQ(parseError(oneTensor("F32", "[2,2]", 12)),
            "W.safetensors: tensor 'x': data_offsets [0, 12] hold 12 bytes but "
            "F32 [2, 2] needs 16");

  auto offsets = [](llvm::StringRef offsets, size_t dataBytes) {
    return parseError(
        makeFile(R"({"x":{"dtype":"BOOL","shape":[4],"data_offsets":)" +
                     offsets.str() + "}}",
                 std::string(dataBytes, '\1')));
  };
  std::string notPair = "W.safetensors: tensor 'x': 'data_offsets' is not a "
                        "pair of non-negative integers [begin, end]";
  EXPECT_EQ(offsets("[0]", 4), notPair);
  EXPECT_EQ(offsets("[0,4,8]", 4), notPair);
  EXPECT_EQ(offsets("[-4,0]", 4), notPair);
  EXPECT_EQ(offsets("[0,\"4\"]", 4), notPair);
  EXPECT_EQ(offsets("[0,18446744073709551615]", 4), notPair);
  EXPECT_EQ(offsets("[4,0]", 4),
            "W.safetensors: tensor 'x': data_offsets [4, 0] end before they "
            "begin");
  EXPECT_EQ(offsets("[0,4]", 3),
            "W.safetensors: tensor 'x': data_offsets [0, 4] end past the data "
            "section (3 bytes)");
}

TEST(SafeTensorsTest, LayoutErrors) {
  auto twoTensors = [](int aBegin, int bBegin, size_t dataBytes) {
    std::string header =
        R"({"a":{"dtype":"I32","shape":[2],"data_offsets":[)" +
        std::to_string(aBegin) + "," + std::to_string(aBegin + 8) +
        R"(]},"b":{"dtype":"I32","shape":[1],"data_offsets":[)" +
        std::to_string(bBegin) + "," + std::to_string(bBegin + 4) + "]}}";
    return parseError(makeFile(header, std::string(dataBytes, '\0')));
  };
  EXPECT_EQ(twoTensors(0, 8, 12), "");
  EXPECT_EQ(twoTensors(4, 0, 12), "");
  EXPECT_EQ(twoTensors(0, 4, 12),
            "W.safetensors: tensor 'b': data_offsets [4, 8] overlap tensor 'a' "
            "at [0, 8]");
  EXPECT_EQ(twoTensors(0, 0, 12),
            "W.safetensors: tensor 'a': data_offsets [0, 8] overlap tensor 'b' "
            "at [0, 4]");
  EXPECT_EQ(twoTensors(0, 12, 16),
            "W.safetensors: bytes [8, 12) of the data section belong to no "
            "tensor");
  EXPECT_EQ(twoTensors(4, 12, 16),
            "W.safetensors: bytes [0, 4) of the data section belong to no "
            "tensor");
  EXPECT_EQ(twoTensors(0, 8, 20),
            "W.safetensors: bytes [12, 20) of the data section belong to no "
            "tensor");
}

TEST(SafeTensorsTest, DuplicateNames) {
  // The JSON parser keeps the last of two equal keys: a second entry for a
  // tensor is an error of its own, whatever the offsets say (equal ones
  // once let the last entry win silently), escaped or not.
  std::string entry = R"({"dtype":"I32","shape":[1],"data_offsets":[0,4]})";
  EXPECT_EQ(parseError(makeFile("{\"x\":" + entry + ",\"x\":" + entry + "}",
                                std::string(4, '\0'))),
            "W.safetensors: the JSON header has the key 'x' twice");
  EXPECT_EQ(parseError(makeFile("{\"x\":" + entry + ", \"\\u0078\" :" +
                                    entry + "}",
                                std::string(4, '\0'))),
            "W.safetensors: the JSON header has the key 'x' twice");
  EXPECT_EQ(
      parseError(
          makeFile(R"({"x":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},)"
                   R"("x":{"dtype":"I32","shape":[1],"data_offsets":[4,8]}})",
                   std::string(8, '\0'))),
      "W.safetensors: the JSON header has the key 'x' twice");
  // Equal keys inside an entry or in __metadata__ are not the root's.
  EXPECT_EQ(parseError(makeFile(
                R"({"__metadata__":{"x":"1"},"x":)" + entry + "}",
                std::string(4, '\0'))),
            "");
}

/// Every prefix of a valid file is invalid; random corruption never crashes,
/// and whatever still parses is consistent.
TEST(SafeTensorsTest, FuzzTruncatedAndCorrupted) {
  std::string valid = validFile();
  ASSERT_EQ(parseError(valid), "");
  for (size_t length = 0; length < valid.size(); ++length)
    EXPECT_NE(parseError(valid.substr(0, length)), "") << "length " << length;

  std::mt19937_64 random(42);
  const char interesting[] = {'"', '{', '}', '[',  ']', ',',  ':',   '0',
                              '9', '-', 'e', '\\', ' ', '\0', '\xff'};
  unsigned parsed = 0;
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string file = valid;
    int edits = 1 + random() % 4;
    for (int e = 0; e < edits; ++e) {
      size_t at = random() % file.size();
      switch (random() % 4) {
      case 0:
        file[at] = static_cast<char>(random());
        break;
      case 1:
        file[at] = interesting[random() % sizeof(interesting)];
        break;
      case 2:
        file.erase(at, 1 + random() % 8);
        break;
      case 3:
        file.insert(at, 1, interesting[random() % sizeof(interesting)]);
        break;
      }
      if (file.empty())
        file = "x";
    }
    auto result = parse(file);
    if (!result) {
      std::string message = llvm::toString(result.takeError());
      EXPECT_EQ(message.rfind("W.safetensors: ", 0), 0u) << message;
      continue;
    }
    ++parsed;
    for (const TensorView &view : (*result)->tensors()) {
      EXPECT_EQ(static_cast<int64_t>(view.bytes.size()),
                view.numElements() * dtypeSize(view.dtype));
      EXPECT_EQ(static_cast<int64_t>(view.toF32().size()), view.numElements());
    }
  }
  // Most edits of the data bytes keep the file valid.
  EXPECT_GT(parsed, 0u);
}

TEST(SafeTensorsTest, OpenReadsAFile) {
  llvm::SmallString<128> path;
  ASSERT_FALSE(
      llvm::sys::fs::createTemporaryFile("seqc-st", "safetensors", path));
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << validFile();
  }
  auto file = SafeTensors::open(path);
  ASSERT_TRUE(!!file) << llvm::toString(file.takeError());
  EXPECT_EQ((*file)->path(), path.str());
  EXPECT_EQ((*file)->lookup("w")->toF32()[1], -2.5f);
  llvm::sys::fs::remove(path);
}

} // namespace
