//===- Npy.h - reading and writing NumPy .npy files -------------*- C++ -*-===//
//
// A small, defensive reader and writer for the NumPy `.npy` format (versions
// 1.0, 2.0 and 3.0), restricted to what Seqc's runtime exchanges: C-ordered
// arrays of float32, int32, int64 and bool. Every malformed input yields an
// llvm::Error with a one-line message; no byte sequence makes it crash.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_EXECUTION_NPY_H
#define SEQC_EXECUTION_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace seqc {

/// Element types Seqc exchanges with the outside world.
enum class DType { Float32, Int32, Int64, Bool };

/// NumPy's name of `dtype`: "float32", "int32", "int64" or "bool".
llvm::StringRef getDTypeName(DType dtype);

/// Size in bytes of one element (bool is one byte holding 0 or 1).
int64_t getDTypeSize(DType dtype);

/// The `descr` written to .npy headers: "<f4", "<i4", "<i8" or "|b1".
llvm::StringRef getNpyDescr(DType dtype);

/// Parses a .npy `descr` string ("<f4", "=i8", "|b1", ...). Big-endian and
/// unsupported types give std::nullopt.
std::optional<DType> parseNpyDescr(llvm::StringRef descr);

/// Formats a shape as "[2, 3]" ("[]" for scalars); negative entries (dynamic
/// dimensions) print as "?".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// A dense, C-ordered, little-endian array with its own storage.
struct NpyArray {
  DType dtype = DType::Float32;
  llvm::SmallVector<int64_t, 4> shape;
  /// numElements() * getDTypeSize(dtype) bytes.
  std::vector<uint8_t> data;

  NpyArray() = default;
  /// Zero-filled array of the given type and shape. The shape must be valid
  /// (non-negative, no overflow: see computeNumElements).
  NpyArray(DType dtype, llvm::ArrayRef<int64_t> shape);

  int64_t getRank() const { return static_cast<int64_t>(shape.size()); }
  int64_t getNumElements() const;
  int64_t getNumBytes() const { return static_cast<int64_t>(data.size()); }

  /// Element `i` (flat, C order) converted to double, for printing.
  double getAsDouble(int64_t i) const;
  /// Element `i` converted to int64 (floats are truncated).
  int64_t getAsInt64(int64_t i) const;

  /// The elements as T, which must have the dtype's size (float, int32_t,
  /// int64_t, uint8_t for bool). The data is copied out.
  template <typename T> std::vector<T> getValues() const;
};

/// Number of elements of `shape` times `itemSize`, or an error if a dimension
/// is negative or the byte count does not fit in int64.
llvm::Expected<int64_t> computeNumBytes(llvm::ArrayRef<int64_t> shape,
                                        int64_t itemSize);

/// Parses a whole .npy file held in `buffer`. Messages do not name the file;
/// callers add that context.
llvm::Expected<NpyArray> parseNpy(llvm::MemoryBufferRef buffer);

/// Reads and parses the .npy file at `path`.
llvm::Expected<NpyArray> readNpyFile(llvm::StringRef path);

/// Serialises `array` in .npy format (version 1.0 unless the header needs
/// 2.0), with the data starting at a 64-byte aligned offset.
void writeNpy(llvm::raw_ostream &os, const NpyArray &array);

/// Writes `array` to `path` (atomically replacing an existing file).
llvm::Error writeNpyFile(llvm::StringRef path, const NpyArray &array);

template <typename T> std::vector<T> NpyArray::getValues() const {
  std::vector<T> values(data.size() / sizeof(T));
  if (!values.empty())
    std::memcpy(values.data(), data.data(), values.size() * sizeof(T));
  return values;
}

} // namespace seqc

#endif // SEQC_EXECUTION_NPY_H
