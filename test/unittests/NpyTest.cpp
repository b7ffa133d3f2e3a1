//===- NpyTest.cpp - .npy reading, writing and input checks -----*- C++ -*-===//

#include "seqc/Execution/JitRunner.h"
#include "seqc/Execution/Npy.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <random>

using namespace seqc;

namespace {

constexpr int64_t kDyn = mlir::ShapedType::kDynamic;

/// A .npy file with the given raw header dict (padded to 64 bytes) and data.
std::string makeNpy(llvm::StringRef dict, llvm::StringRef data,
                    unsigned major = 1) {
  std::string header = dict.str();
  size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + header.size() + 1) % 64)
    header.push_back(' ');
  header.push_back('\n');
  std::string file("\x93NUMPY", 6);
  file.push_back(static_cast<char>(major));
  file.push_back(0);
  size_t length = header.size();
  for (size_t i = 0; i < prefix - 8; ++i)
    file.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
  return file + header + data.str();
}

std::string floats(std::initializer_list<float> values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), values.begin(), bytes.size());
  return bytes;
}

llvm::Expected<NpyArray> parse(llvm::StringRef bytes) {
  return parseNpy(llvm::MemoryBufferRef(bytes, "test.npy"));
}

/// The error message of a parse that must fail ("" if it succeeded).
std::string parseError(llvm::StringRef bytes) {
  llvm::Expected<NpyArray> array = parse(bytes);
  if (array)
    return "";
  return llvm::toString(array.takeError());
}

std::string serialize(const NpyArray &array) {
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  writeNpy(os, array);
  return bytes;
}

TEST(Npy, ParsesNumpyHeader) {
  std::string file =
      makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
              floats({1, 2, 3, 4, 5, 6}));
  llvm::Expected<NpyArray> array = parse(file);
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->dtype, DType::Float32);
  EXPECT_EQ(array->shape, (llvm::SmallVector<int64_t, 4>{2, 3}));
  EXPECT_EQ(array->getNumElements(), 6);
  EXPECT_EQ(array->getAsDouble(5), 6.0);
  EXPECT_EQ(array->getValues<float>()[1], 2.0f);
}

TEST(Npy, ShapesAndVersions) {
  for (unsigned major : {1u, 2u, 3u}) {
    llvm::Expected<NpyArray> scalar = parse(makeNpy(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
        floats({7}), major));
    ASSERT_TRUE(static_cast<bool>(scalar))
        << llvm::toString(scalar.takeError());
    EXPECT_EQ(scalar->getRank(), 0);
    EXPECT_EQ(scalar->getNumElements(), 1);

    llvm::Expected<NpyArray> vec = parse(makeNpy(
        "{\"shape\": (3,), \"fortran_order\": False, \"descr\": \"<i4\"}",
        llvm::StringRef("\x01\0\0\0\x02\0\0\0\xff\xff\xff\xff", 12), major));
    ASSERT_TRUE(static_cast<bool>(vec)) << llvm::toString(vec.takeError());
    EXPECT_EQ(vec->dtype, DType::Int32);
    EXPECT_EQ(vec->getAsInt64(2), -1);
  }
  // An empty array, and Python 2's long suffix.
  llvm::Expected<NpyArray> empty = parse(
      makeNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (0L, 3L)}",
              ""));
  ASSERT_TRUE(static_cast<bool>(empty)) << llvm::toString(empty.takeError());
  EXPECT_EQ(empty->getNumElements(), 0);
  EXPECT_EQ(empty->shape, (llvm::SmallVector<int64_t, 4>{0, 3}));
}

TEST(Npy, ByteOrderMarks) {
  EXPECT_EQ(parseNpyDescr("<f4"), DType::Float32);
  EXPECT_EQ(parseNpyDescr("=f4"), DType::Float32);
  EXPECT_EQ(parseNpyDescr("|f4"), DType::Float32);
  EXPECT_EQ(parseNpyDescr("<i8"), DType::Int64);
  EXPECT_EQ(parseNpyDescr("|b1"), DType::Bool);
  EXPECT_EQ(parseNpyDescr("<b1"), DType::Bool);
  EXPECT_EQ(parseNpyDescr("=b1"), DType::Bool);
  EXPECT_EQ(parseNpyDescr(">f4"), std::nullopt);
  EXPECT_EQ(parseNpyDescr("!i4"), std::nullopt);
  EXPECT_EQ(parseNpyDescr(">b1"), std::nullopt);
  EXPECT_EQ(parseNpyDescr("<f8"), std::nullopt);
  EXPECT_EQ(parseNpyDescr("<f2"), std::nullopt);
  EXPECT_EQ(parseNpyDescr("|u1"), std::nullopt);
  EXPECT_EQ(parseNpyDescr("<f44"), std::nullopt);
  EXPECT_EQ(parseNpyDescr(""), std::nullopt);
}

TEST(Npy, BoolIsNormalised) {
  llvm::Expected<NpyArray> array = parse(
      makeNpy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
              llvm::StringRef("\x00\x01\x07", 3)));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, (std::vector<uint8_t>{0, 1, 1}));
}

TEST(Npy, RoundTrip) {
  for (DType dtype :
       {DType::Float32, DType::Int32, DType::Int64, DType::Bool})
    for (const std::vector<int64_t> &shape : std::vector<std::vector<int64_t>>{
             {}, {5}, {2, 3}, {0, 3}, {1, 2, 1, 2}}) {
      NpyArray array(dtype, shape);
      for (size_t i = 0; i < array.data.size(); ++i)
        array.data[i] = dtype == DType::Bool ? i % 2 : static_cast<uint8_t>(i);
      std::string bytes = serialize(array);
      // The data starts 64-byte aligned after a version 1.0 header.
      EXPECT_EQ((bytes.size() - array.data.size()) % 64, 0u);
      EXPECT_EQ(bytes[6], '\x01');
      EXPECT_EQ(bytes[bytes.size() - array.data.size() - 1], '\n');
      llvm::Expected<NpyArray> back = parse(bytes);
      ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
      EXPECT_EQ(back->dtype, dtype);
      EXPECT_EQ(back->shape, array.shape);
      EXPECT_EQ(back->data, array.data);
    }
}

TEST(Npy, WriterUsesNumpyShapeSyntax) {
  std::string scalar = serialize(NpyArray(DType::Float32, {}));
  EXPECT_NE(scalar.find("'shape': (), }"), std::string::npos) << scalar;
  std::string vec = serialize(NpyArray(DType::Int64, {5}));
  EXPECT_NE(vec.find("'descr': '<i8'"), std::string::npos) << vec;
  EXPECT_NE(vec.find("'shape': (5,), }"), std::string::npos) << vec;
  std::string mat = serialize(NpyArray(DType::Bool, {2, 3}));
  EXPECT_NE(mat.find("'descr': '|b1'"), std::string::npos) << mat;
  EXPECT_NE(mat.find("'shape': (2, 3), }"), std::string::npos) << mat;
}

TEST(Npy, Errors) {
  const std::string good = "{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (2,), }";
  std::string data = floats({1, 2});
  struct Case {
    std::string bytes;
    const char *message;
  };
  auto withDict = [&](llvm::StringRef dict) { return makeNpy(dict, data); };
  std::string hugeLength = makeNpy(good, data);
  hugeLength[8] = '\xff';
  hugeLength[9] = '\x7f';
  std::string version4 = makeNpy(good, data);
  version4[6] = 4;
  std::string nonAscii = makeNpy(good, data);
  nonAscii[20] = '\xe9';
  Case cases[] = {
      {"", "empty file"},
      {"hello world, not an npy file", "bad magic"},
      {std::string("\x93NUM", 4), "truncated .npy file"},
      {std::string("\x93NUMPY\x01\x00\x10", 9), "truncated .npy file"},
      {hugeLength, "header length 32767 exceeds the file size"},
      {version4, "unsupported .npy format version 4.0"},
      {nonAscii, "non-ASCII byte"},
      {makeNpy(good, floats({1})), "data is too short"},
      {makeNpy(good, floats({1, 2, 3})), "data is too long"},
      {withDict("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }"),
       "Fortran-ordered arrays are not supported"},
      {withDict("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }"),
       "unsupported dtype '>f4'"},
      {withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"),
       "unsupported dtype '<f8'"},
      {withDict("{'descr': [('a', '<f4')], 'fortran_order': False, "
                "'shape': (2,), }"),
       "structured dtypes are not supported"},
      {withDict("{'descr': '<f4', 'shape': (2,), }"),
       "missing key 'fortran_order'"},
      {withDict("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, "
                "'shape': (2,)}"),
       "duplicate key 'descr'"},
      {withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), "
                "'extra': 1}"),
       "unexpected key 'extra'"},
      {withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2)}"),
       "the shape is not a tuple"},
      {withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}"),
       "negative dimension"},
      {withDict("{'descr': '<f4', 'fortran_order': False, "
                "'shape': (99999999999999999999,)}"),
       "does not fit in 64 bits"},
      {withDict("{'descr': '<f4', 'fortran_order': False, "
                "'shape': (4294967296, 4294967296, 16)}"),
       "is too large"},
      {withDict("{'descr': '<f4', 'fortran_order': False, "
                "'shape': (100000000000,)}"),
       "data is too short"},
      {withDict("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}"),
       "unexpected value for 'fortran_order'"},
      {withDict("{'descr': '<f4', 'fortran_order': False, 'shape': '2'}"),
       "'shape' is not a tuple"},
      {withDict("{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}"),
       "malformed header"},
      {withDict("{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}"),
       "expected ',' or '}'"},
      {withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x"),
       "after the header dict"},
      {withDict("['descr', '<f4']"), "expected '{'"},
      {withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2,"),
       "reached the end of the header"},
  };
  for (const Case &c : cases) {
    std::string message = parseError(c.bytes);
    EXPECT_NE(message.find(c.message), std::string::npos)
        << "expected '" << c.message << "', got '" << message << "'";
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(Npy, EveryTruncationFails) {
  std::string file =
      makeNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }",
              std::string(32, '\x01'));
  ASSERT_EQ(parseError(file), "");
  for (size_t length = 0; length < file.size(); ++length) {
    std::string message = parseError(llvm::StringRef(file).take_front(length));
    EXPECT_NE(message, "") << "prefix of " << length << " bytes parsed";
  }
}

/// Corrupts random bytes of valid files (mostly in the header) and parses
/// the result; every outcome must be an error or a consistent array.
TEST(Npy, CorruptedHeadersNeverCrash) {
  std::mt19937 rng(12345);
  const char *dicts[] = {
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
      "{'descr': '|b1', 'fortran_order': False, 'shape': (6,), }",
      "{'descr': '<i4', 'fortran_order': False, 'shape': (), }",
  };
  const char interesting[] = "{}()[]',:\"0123456789-L TrueFalse<>|=\n\\\xff";
  unsigned parsed = 0, failed = 0;
  for (unsigned iteration = 0; iteration < 20000; ++iteration) {
    const char *dict = dicts[iteration % 3];
    const size_t dataBytes[] = {24, 6, 4};
    std::string file = makeNpy(dict, std::string(dataBytes[iteration % 3], 1),
                               1 + iteration % 3);
    unsigned edits = 1 + rng() % 4;
    for (unsigned e = 0; e < edits; ++e) {
      size_t position = rng() % std::min<size_t>(file.size(), 80);
      switch (rng() % 4) {
      case 0:
        file[position] = static_cast<char>(rng());
        break;
      case 1:
        file[position] = interesting[rng() % (sizeof(interesting) - 1)];
        break;
      case 2:
        file.erase(position, 1 + rng() % 3);
        break;
      case 3:
        file.resize(rng() % (file.size() + 1));
        break;
      }
      if (file.empty())
        break;
    }
    llvm::Expected<NpyArray> array = parse(file);
    if (!array) {
      std::string message = llvm::toString(array.takeError());
      EXPECT_FALSE(message.empty());
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      ++failed;
      continue;
    }
    ++parsed;
    llvm::Expected<int64_t> bytes =
        computeNumBytes(array->shape, getDTypeSize(array->dtype));
    ASSERT_TRUE(static_cast<bool>(bytes));
    EXPECT_EQ(*bytes, array->getNumBytes());
  }
  EXPECT_GT(failed, 1000u);
  EXPECT_GT(parsed, 20u);
  // Random buffers behind a valid magic and version.
  for (unsigned iteration = 0; iteration < 5000; ++iteration) {
    std::string file("\x93NUMPY\x01\x00", 8);
    size_t length = rng() % 200;
    for (size_t i = 0; i < length; ++i)
      file.push_back(static_cast<char>(rng()));
    llvm::Expected<NpyArray> array = parse(file);
    if (!array)
      llvm::consumeError(array.takeError());
  }
}

TEST(Npy, ComputeNumBytes) {
  EXPECT_EQ(*computeNumBytes({}, 4), 4);
  EXPECT_EQ(*computeNumBytes({2, 3}, 8), 48);
  // A zero dimension wins over an overflowing product.
  EXPECT_EQ(*computeNumBytes({INT64_MAX, INT64_MAX, 0}, 4), 0);
  llvm::Expected<int64_t> huge = computeNumBytes({INT64_MAX / 2, 3}, 1);
  EXPECT_FALSE(static_cast<bool>(huge));
  llvm::consumeError(huge.takeError());
  llvm::Expected<int64_t> negative = computeNumBytes({2, -1}, 1);
  EXPECT_FALSE(static_cast<bool>(negative));
  llvm::consumeError(negative.takeError());
}

TEST(Npy, ReadFileErrors) {
  llvm::Expected<NpyArray> missing = readNpyFile("/nonexistent/dir/x.npy");
  ASSERT_FALSE(static_cast<bool>(missing));
  std::string message = llvm::toString(missing.takeError());
  EXPECT_NE(message.find("cannot read '/nonexistent/dir/x.npy'"),
            std::string::npos)
      << message;
}

//===----------------------------------------------------------------------===//
// Input checks of the JIT runner
//===----------------------------------------------------------------------===//

EntrySignature makeSignature() {
  EntrySignature signature;
  signature.name = "main";
  TensorSpec x;
  x.dtype = DType::Float32;
  x.shape = {kDyn, 4};
  x.typeString = "tensor<?x4xf32>";
  TensorSpec lengths;
  lengths.dtype = DType::Int32;
  lengths.shape = {kDyn};
  lengths.typeString = "tensor<?xi32>";
  signature.arguments = {x, lengths};
  return signature;
}

std::string checkError(llvm::ArrayRef<NpyArray> inputs) {
  llvm::SmallVector<std::string> labels = {"x.npy", "lengths.npy",
                                           "extra.npy"};
  llvm::Error err = checkInputs(makeSignature(), inputs, labels);
  return err ? llvm::toString(std::move(err)) : "";
}

TEST(CheckInputs, BindsDynamicDims) {
  EXPECT_EQ(checkError({NpyArray(DType::Float32, {3, 4}),
                        NpyArray(DType::Int32, {3})}),
            "");
  EXPECT_EQ(checkError({NpyArray(DType::Float32, {0, 4}),
                        NpyArray(DType::Int32, {7})}),
            "");
}

TEST(CheckInputs, OneLineErrorsNameTheArgument) {
  EXPECT_EQ(checkError({NpyArray(DType::Float32, {3, 4}),
                        NpyArray(DType::Int64, {2})}),
            "argument 1 ('lengths.npy'): expected int32 of shape [?], got "
            "int64 of shape [2]");
  EXPECT_EQ(checkError({NpyArray(DType::Float32, {3, 5}),
                        NpyArray(DType::Int32, {2})}),
            "argument 0 ('x.npy'): expected float32 of shape [?, 4], got "
            "float32 of shape [3, 5]");
  EXPECT_EQ(checkError({NpyArray(DType::Float32, {4}),
                        NpyArray(DType::Int32, {2})}),
            "argument 0 ('x.npy'): expected float32 of shape [?, 4], got "
            "float32 of shape [4]");
  EXPECT_EQ(checkError({NpyArray(DType::Float32, {3, 4})}),
            "argument 1 of 'main' (int32 of shape [?]) has no input: 'main' "
            "takes 2 input(s), got 1");
  EXPECT_EQ(checkError({NpyArray(DType::Float32, {3, 4}),
                        NpyArray(DType::Int32, {2}),
                        NpyArray(DType::Int32, {2})}),
            "too many inputs: 'main' takes 2 input(s), got 3 (first extra: "
            "argument 2 ('extra.npy'))");
  NpyArray inconsistent(DType::Float32, {3, 4});
  inconsistent.data.resize(8);
  EXPECT_EQ(checkError({inconsistent, NpyArray(DType::Int32, {2})}),
            "argument 0 ('x.npy'): the array holds 8 bytes of data, its shape "
            "needs 48");
}

TEST(FormatResult, ShowsTypeShapeAndFirstValues) {
  TensorSpec spec;
  spec.dtype = DType::Float32;
  spec.shape = {2, 3};
  spec.typeString = "tensor<2x3xf32>";
  NpyArray value(DType::Float32, {2, 3});
  std::vector<float> values = {0.5f, 1, 2, 3, 4, 5};
  std::memcpy(value.data.data(), values.data(), value.data.size());
  EXPECT_EQ(formatResult(0, spec, value),
            "result0: tensor<2x3xf32> float32 [2, 3] = [0.5, 1, 2, 3, 4, 5]");
  EXPECT_EQ(formatResult(1, spec, value, 2),
            "result1: tensor<2x3xf32> float32 [2, 3] = [0.5, 1, ...]");
  TensorSpec boolSpec;
  boolSpec.dtype = DType::Bool;
  boolSpec.typeString = "tensor<i1>";
  NpyArray flag(DType::Bool, {});
  flag.data[0] = 1;
  EXPECT_EQ(formatResult(2, boolSpec, flag),
            "result2: tensor<i1> bool [] = [true]");
}

} // namespace
