//===- SafeTensors.h - read .safetensors weight files -----------*- C++ -*-===//
//
// A validated, read-only view of a safetensors file: an 8-byte little-endian
// header length, a JSON header {name: {dtype, shape, data_offsets}} and the
// tensor bytes. Every offset is checked to lie inside the file, tensors may
// not overlap or leave holes, and dtype × shape must equal each tensor's byte
// length.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_SUPPORT_SAFETENSORS_H
#define SEQC_SUPPORT_SAFETENSORS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace seqc {

/// Element types of safetensors weights. (Named apart from the runtime's
/// seqc::DType of .npy arrays so that both headers can be included together.)
enum class WeightDType { F32, F16, BF16, I32, I64, Bool };

/// "F32", "BF16", ..., "BOOL" as in safetensors headers.
llvm::StringRef dtypeName(WeightDType dtype);
/// Bytes per element.
int64_t dtypeSize(WeightDType dtype);

/// One tensor of the file; `bytes` points into the file's buffer (which need
/// not be aligned for the element type).
struct TensorView {
  std::string name;
  WeightDType dtype;
  llvm::SmallVector<int64_t> shape;
  llvm::ArrayRef<char> bytes;

  int64_t numElements() const;
  /// The values as f32: F16 and BF16 are converted exactly (subnormals,
  /// infinities and NaNs included), integers rounded, BOOL gives 0 or 1.
  std::vector<float> toF32() const;
  /// The values as int64: floats are truncated towards zero (NaN gives 0,
  /// out-of-range values saturate), BOOL gives 0 or 1.
  std::vector<int64_t> toI64() const;
};

class SafeTensors {
public:
  /// Headers longer than this are rejected before they are parsed.
  static constexpr uint64_t kMaxHeaderBytes = 100 * 1024 * 1024;

  /// Opens and validates a file; the error names the file and what is wrong.
  static llvm::Expected<std::unique_ptr<SafeTensors>>
  open(llvm::StringRef path);
  /// Validates `buffer`; errors name its buffer identifier.
  static llvm::Expected<std::unique_ptr<SafeTensors>>
  fromBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer);

  /// The tensor named `name`, or null.
  const TensorView *lookup(llvm::StringRef name) const;
  /// Every tensor, in the order of their data in the file.
  llvm::ArrayRef<TensorView> tensors() const { return tensorList; }
  llvm::StringRef path() const { return buffer->getBufferIdentifier(); }
  /// The metadata entry "__metadata__", as key/value pairs sorted by key.
  llvm::ArrayRef<std::pair<std::string, std::string>> metadata() const {
    return metadataList;
  }

private:
  SafeTensors() = default;
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  std::vector<TensorView> tensorList;
  std::vector<std::pair<std::string, std::string>> metadataList;
  /// Name → index into tensorList.
  llvm::StringMap<size_t> index;
};

} // namespace seqc

#endif // SEQC_SUPPORT_SAFETENSORS_H
