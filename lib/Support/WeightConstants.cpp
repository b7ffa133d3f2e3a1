//===- WeightConstants.cpp - weights as constants, without copies ---------===//

#include "seqc/Support/WeightConstants.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <mutex>
#include <vector>

using namespace mlir;

namespace {
/// The blobs createWeightAttr made, per context.
struct BlobRegistry {
  std::mutex mutex;
  llvm::DenseMap<MLIRContext *, std::vector<DenseResourceElementsHandle>>
      blobs;
};
BlobRegistry &getRegistry() {
  static BlobRegistry registry;
  return registry;
}
} // namespace

static void registerBlob(MLIRContext *context,
                         DenseResourceElementsHandle handle);

ElementsAttr seqc::createWeightAttr(
    ShapedType type, llvm::function_ref<void(llvm::MutableArrayRef<char>)> fill) {
  int64_t bytes =
      type.getNumElements() * (type.getElementTypeBitWidth() / 8);
  if (bytes < kWeightResourceBytes) {
    std::vector<char> data(bytes);
    fill(data);
    return DenseElementsAttr::getFromRawBuffer(type, data);
  }
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocate(bytes, alignof(double), /*mutable=*/true);
  fill(blob.getMutableData());
  auto attr = DenseResourceElementsAttr::get(type, "seqc_weight",
                                             std::move(blob));
  registerBlob(type.getContext(), attr.getRawHandle());
  return attr;
}

std::optional<llvm::ArrayRef<char>> seqc::getWeightBytes(Attribute attr) {
  if (auto dense = llvm::dyn_cast_or_null<DenseElementsAttr>(attr)) {
    if (dense.isSplat() || dense.getElementType().isInteger(1))
      return std::nullopt;
    return dense.getRawData();
  }
  if (auto resource = llvm::dyn_cast_or_null<DenseResourceElementsAttr>(attr))
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      return blob->getData();
  return std::nullopt;
}

std::optional<llvm::ArrayRef<float>> seqc::getWeightF32Values(Attribute attr) {
  auto elements = llvm::dyn_cast_or_null<ElementsAttr>(attr);
  if (!elements || !elements.getElementType().isF32())
    return std::nullopt;
  std::optional<llvm::ArrayRef<char>> bytes = getWeightBytes(attr);
  if (!bytes || int64_t(bytes->size()) != elements.getNumElements() * 4)
    return std::nullopt;
  return llvm::ArrayRef<float>(reinterpret_cast<const float *>(bytes->data()),
                               bytes->size() / 4);
}

static void registerBlob(MLIRContext *context,
                         DenseResourceElementsHandle handle) {
  BlobRegistry &registry = getRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.blobs[context].push_back(handle);
}

DenseResourceElementsAttr seqc::getWeightAsBytes(ElementsAttr attr) {
  std::optional<llvm::ArrayRef<char>> bytes = getWeightBytes(attr);
  if (!bytes)
    return {};
  MLIRContext *context = attr.getContext();
  auto type = RankedTensorType::get({int64_t(bytes->size())},
                                    IntegerType::get(context, 8));
  auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return DenseResourceElementsAttr::get(
        type, "seqc_weight",
        UnmanagedAsmResourceBlob::allocateWithAlign(*bytes, alignof(double)));
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  auto moved =
      DenseResourceElementsAttr::get(type, "seqc_weight", std::move(*blob));
  resource.getRawHandle().getResource()->setBlob(AsmResourceBlob());
  registerBlob(context, moved.getRawHandle());
  return moved;
}

void seqc::releaseWeightBlobs(MLIRContext *context,
                              llvm::ArrayRef<DenseResourceElementsAttr> keep) {
  llvm::SmallPtrSet<void *, 16> kept;
  for (DenseResourceElementsAttr attr : keep)
    kept.insert(attr.getRawHandle().getResource());
  std::vector<DenseResourceElementsHandle> handles;
  {
    BlobRegistry &registry = getRegistry();
    std::lock_guard<std::mutex> lock(registry.mutex);
    auto it = registry.blobs.find(context);
    if (it == registry.blobs.end())
      return;
    std::vector<DenseResourceElementsHandle> remaining;
    for (DenseResourceElementsHandle &handle : it->second)
      (kept.contains(handle.getResource()) ? remaining : handles)
          .push_back(handle);
    if (remaining.empty())
      registry.blobs.erase(it);
    else
      it->second = std::move(remaining);
  }
  for (DenseResourceElementsHandle &handle : handles)
    handle.getResource()->setBlob(AsmResourceBlob());
}
