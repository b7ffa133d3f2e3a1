//===- SafeTensors.h - read .safetensors weight files -----------*- C++ -*-===//
//
// A validated, read-only view of a safetensors file: an 8-byte little-endian
// header length, a JSON header {name: {dtype, shape, data_offsets}} and the
// tensor bytes. Every offset is checked to lie inside the file, tensors may
// not overlap, and dtype × shape must equal each tensor's byte length.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_SUPPORT_SAFETENSORS_H
#define SEQC_SUPPORT_SAFETENSORS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <string>
#include <vector>

namespace seqc {

enum class DType { F32, F16, BF16, I32, I64, Bool };

/// "F32", "BF16", ... as in safetensors headers.
llvm::StringRef dtypeName(DType dtype);
/// Bytes per element.
int64_t dtypeSize(DType dtype);

/// One tensor of the file; `bytes` points into the file's buffer.
struct TensorView {
  std::string name;
  DType dtype;
  llvm::SmallVector<int64_t> shape;
  llvm::ArrayRef<char> bytes;

  int64_t numElements() const;
  /// The values as f32, converted from F16/BF16 (and from integers).
  std::vector<float> toF32() const;
};

class SafeTensors {
public:
  /// Opens and validates a file; the error names the file and what is wrong.
  static llvm::Expected<std::unique_ptr<SafeTensors>> open(llvm::StringRef path);
  static llvm::Expected<std::unique_ptr<SafeTensors>>
  fromBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer);

  /// The tensor named `name`, or null.
  const TensorView *lookup(llvm::StringRef name) const;
  llvm::ArrayRef<TensorView> tensors() const { return tensorList; }
  llvm::StringRef path() const { return buffer->getBufferIdentifier(); }
  /// The metadata entry "__metadata__", as key/value pairs.
  llvm::ArrayRef<std::pair<std::string, std::string>> metadata() const {
    return metadataList;
  }

private:
  SafeTensors() = default;
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  std::vector<TensorView> tensorList;
  std::vector<std::pair<std::string, std::string>> metadataList;
};

} // namespace seqc

#endif // SEQC_SUPPORT_SAFETENSORS_H
