//===- OnnxImporter.cpp - ONNX models into the seq dialect ------*- C++ -*-===//
//
// One pass over the graph's nodes in their (topological) order. Every ONNX
// value becomes an Entry: a tensor SSA value, a constant known at import
// (initializers, Constant nodes and what folds from them), or a "shape
// value" (a 0-D or 1-D integer tensor whose elements are each a constant or
// an index SSA value: what Shape, Gather, Unsqueeze, Concat and integer
// arithmetic compute). Shape values are never materialised unless a node
// needs them as data, so the Shape→Gather→Concat→Reshape subgraphs that
// torch.onnx.export writes become the sizes of one seq.reshape.
//
// The builders fold as they go where ONNX exports are redundant: a
// transpose of a transpose composes, a reshape of a reshape is one reshape,
// a reshape to the shape a value already has is that value. That is what
// turns LSTM's [T, D, B, H] output, squeezed and transposed back by the
// exporter, into the recurrent op's own [B, T, H] result.
//
//===----------------------------------------------------------------------===//

#include "seqc/Frontend/OnnxImporter.h"

#include "seq/SeqOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SaveAndRestore.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>
#include <map>
#include <optional>

using namespace mlir;
using llvm::SmallVector;
using llvm::StringRef;

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// The element kinds a model value can have in seq.
enum class Elem { F32, I64, I32, I1 };

Type getElemType(MLIRContext *ctx, Elem e) {
  switch (e) {
  case Elem::F32:
    return Float32Type::get(ctx);
  case Elem::I64:
    return IntegerType::get(ctx, 64);
  case Elem::I32:
    return IntegerType::get(ctx, 32);
  case Elem::I1:
    return IntegerType::get(ctx, 1);
  }
  return {};
}

/// ONNX's TensorProto.DataType as a seq element kind; FLOAT16 and DOUBLE
/// initializers are converted to f32.
std::optional<Elem> elemFromOnnx(int dtype) {
  switch (dtype) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::DOUBLE:
    return Elem::F32;
  case onnx::TensorProto::INT64:
    return Elem::I64;
  case onnx::TensorProto::INT32:
    return Elem::I32;
  case onnx::TensorProto::BOOL:
    return Elem::I1;
  default:
    return std::nullopt;
  }
}

const char *onnxTypeName(int dtype) {
  if (onnx::TensorProto::DataType_IsValid(dtype))
    return onnx::TensorProto::DataType_Name(
               static_cast<onnx::TensorProto::DataType>(dtype))
        .c_str();
  return "an unknown type";
}

/// A tensor known at import: floats in `f`, integers and booleans in `i`.
struct Const {
  Elem elem = Elem::F32;
  SmallVector<int64_t> shape;
  std::vector<float> f;
  std::vector<int64_t> i;

  int64_t size() const {
    return elem == Elem::F32 ? (int64_t)f.size() : (int64_t)i.size();
  }
  double at(int64_t k) const { return elem == Elem::F32 ? f[k] : (double)i[k]; }
};

/// One element of a shape value: a constant, or an index SSA value.
struct Sym {
  int64_t c = 0;
  Value v;
  bool isConst() const { return !v; }
};

struct Entry {
  Value tensor;
  std::shared_ptr<Const> constant;
  /// A 0-D (`symRank` 0, one element) or 1-D integer tensor by elements.
  std::optional<SmallVector<Sym>> sym;
  int symRank = 1;
  /// ConstantOfShape of a run-time shape: every element is `splat`'s one
  /// element, the shape is `splatShape`.
  std::shared_ptr<Const> splat;
  SmallVector<Sym> splatShape;
};

float halfToFloat(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
  uint32_t bits;
  if (exp == 0) {
    if (man == 0) {
      bits = sign;
    } else {
      int e = -1;
      do {
        ++e;
        man <<= 1;
      } while (!(man & 0x400));
      bits = sign | ((127 - 15 - e) << 23) | ((man & 0x3ff) << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | (man << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (man << 13);
  }
  float out;
  std::memcpy(&out, &bits, 4);
  return out;
}

class Importer {
public:
  Importer(StringRef path, MLIRContext &ctx)
      : path(path.str()), ctx(&ctx), b(&ctx) {}

  OwningOpRef<ModuleOp> run(const llvm::MemoryBuffer &buffer);

private:
  // Diagnostics.
  InFlightDiagnostic fileError() {
    return emitError(FileLineColLoc::get(ctx, path, 0, 0));
  }
  InFlightDiagnostic nodeError() { return emitError(nodeLoc); }

  // Reading the proto.
  LogicalResult readTensor(const onnx::TensorProto &t, Const &out,
                           const std::string &what);
  FailureOr<Const> readAttrTensor(const onnx::TensorProto &t);

  // Attributes of the current node.
  const onnx::AttributeProto *attr(StringRef name) const;
  int64_t getInt(StringRef name, int64_t dflt) const;
  float getFloat(StringRef name, float dflt) const;
  std::string getString(StringRef name, StringRef dflt) const;
  std::optional<SmallVector<int64_t>> getInts(StringRef name) const;
  LogicalResult rejectAttrs(llvm::ArrayRef<StringRef> known);

  // Inputs of the current node.
  unsigned numInputs() const { return node->input_size(); }
  bool hasInput(unsigned i) const {
    return (int)i < node->input_size() && !node->input(i).empty();
  }
  FailureOr<Entry *> input(unsigned i);
  FailureOr<Value> tensorInput(unsigned i);
  FailureOr<Value> floatInput(unsigned i);
  /// The constant input `i` (integers also from a shape value all of whose
  /// elements are constants), or an error saying what must be constant.
  FailureOr<std::shared_ptr<Const>> constInput(unsigned i, StringRef what);
  FailureOr<SmallVector<int64_t>> constInts(unsigned i, StringRef what);
  std::optional<SmallVector<Sym>> symOf(Entry &e, int *rank = nullptr);
  void setOutput(unsigned i, Entry e);
  /// Output 0 of the node is the constant `c`.
  LogicalResult constantResult(std::shared_ptr<Const> c) {
    Entry e;
    e.constant = std::move(c);
    setOutput(0, std::move(e));
    return success();
  }
  /// Output 0 of the node is `r`, if it was built.
  LogicalResult result(FailureOr<Value> r) {
    if (failed(r))
      return failure();
    setOutput(0, *r);
    return success();
  }
  void setOutput(unsigned i, Value v) {
    Entry e;
    e.tensor = v;
    setOutput(i, std::move(e));
  }

  // Values.
  Value materialize(Entry &e);
  Value materializeConst(const Const &c);
  Value getDim(Value v, int64_t i);
  Value symValue(const Sym &s);

  // Building ops: the result types are inferred before the op exists, so
  // that a shape error is a diagnostic at the node, not a fatal error.
  template <typename OpT>
  FailureOr<Operation *> build(ValueRange operands,
                               llvm::ArrayRef<NamedAttribute> attrs = {},
                               TypeRange types = {});
  template <typename OpT>
  FailureOr<Value> build1(ValueRange operands,
                          llvm::ArrayRef<NamedAttribute> attrs = {},
                          TypeRange types = {}) {
    FailureOr<Operation *> op = build<OpT>(operands, attrs, types);
    if (failed(op))
      return failure();
    return (*op)->getResult(0);
  }
  NamedAttribute named(StringRef n, Attribute a) {
    return b.getNamedAttr(n, a);
  }
  NamedAttribute segments(llvm::ArrayRef<int32_t> sizes) {
    return named("operandSegmentSizes", b.getDenseI32ArrayAttr(sizes));
  }

  FailureOr<Value> transpose(Value x, llvm::ArrayRef<int64_t> perm);
  FailureOr<Value> linear(Value x, Value weight, Value bias);
  FailureOr<Value> matmul(Value a, Value b);
  FailureOr<Value> softmax(Value x, int64_t axis, bool log);
  FailureOr<Value> where(Value c, Value x, Value y);
  FailureOr<Value> castTo(Value x, Type elem);
  /// The element of a splat or all-equal constant `e` as a scalar, when its
  /// shape is no larger than `other`'s (so broadcasting `other` gives the
  /// same result); else null.
  Value splatAsScalar(Entry &e, Value other);
  LogicalResult importExpand();
  LogicalResult importTrilu();

  // Layout: sizes as products, and reshapes that only merge dims.
  struct Size {
    int64_t c = 1;
    SmallVector<Value> vs;
  };
  Size sizeOfValue(Value v);
  Size dimSize(Value x, int64_t i);
  Size symSize(const Sym &s) {
    return s.isConst() ? Size{s.c, {}} : sizeOfValue(s.v);
  }
  static bool sameSize(const Size &a, const Size &b);
  /// a / b when b divides a symbolically (its constant divides a's, its
  /// values are among a's).
  static std::optional<Size> divideSize(const Size &a, const Size &b) {
    if (b.c == 0 || a.c % b.c != 0)
      return std::nullopt;
    Size r{a.c / b.c, a.vs};
    for (Value v : b.vs) {
      auto it = llvm::find(r.vs, v);
      if (it == r.vs.end())
        return std::nullopt;
      r.vs.erase(it);
    }
    return r;
  }
  Sym sizeSym(const Size &s);
  struct Atoms {
    SmallVector<Size> atoms;
    SmallVector<unsigned> inCount, outCount;
  };
  std::optional<Atoms> factorize(llvm::ArrayRef<Size> in,
                                 llvm::ArrayRef<Size> out);
  struct Merge {
    Value input;
    SmallVector<SmallVector<int64_t>> groups;
  };
  /// `v` as a reshape that only merges groups of consecutive dims of its
  /// input (at least one group of two or more), or nothing.
  std::optional<Merge> getMerge(Value v);
  SmallVector<Sym> dimSyms(Value x);
  /// Erases `op` if nothing uses it (what a read-through left behind).
  void eraseIfDead(Operation *op) {
    if (!op || !op->use_empty() || llvm::any_of(op->getResults(), [&](Value v) {
          return held.contains(v);
        }))
      return;
    for (auto &cache : llvm::make_early_inc_range(dimCache))
      if (cache.first.first.getDefiningOp() == op)
        dimCache.erase(cache.first);
    op->erase();
  }
  /// The values that ONNX names refer to: never erased while importing.
  llvm::DenseSet<Value> held;
  /// The ONNX names of held values, and how many node inputs and graph
  /// outputs read each name.
  DenseMap<Value, SmallVector<std::string, 1>> namesOf;
  llvm::StringMap<int> readers;
  /// Whether no node but the current one (and no graph output) reads `v`.
  bool onlyThisNodeUses(Value v) {
    if (!held.contains(v))
      return true;
    int total = 0;
    for (const std::string &n : namesOf.lookup(v))
      total += readers.lookup(n);
    return total <= 1;
  }
  /// Set while building a transpose sunk below a linear layer, so that the
  /// transpose is not hoisted back above it.
  bool noHoist = false;
  /// Reshape to `sizes` (entries are constants ≥ 0, -1, or SSA values).
  FailureOr<Value> reshape(Value x, llvm::ArrayRef<Sym> sizes);
  FailureOr<Value> squeeze(Value x, llvm::ArrayRef<int64_t> axes);
  FailureOr<Value> unsqueeze(Value x, llvm::ArrayRef<int64_t> axes);
  FailureOr<Value> slice(Value x, int64_t axis, int64_t start, int64_t end,
                         int64_t step);
  FailureOr<Value> binary(StringRef opType, Value lhs, Value rhs);
  /// A one-element f32 constant used against a tensor of rank ≥ its own is
  /// that scalar (the form the raising passes read).
  Value scalarIfPossible(Entry &e, int otherRank);

  // Nodes.
  LogicalResult importNode();
  LogicalResult importShapeArith(StringRef opType);
  LogicalResult importElementwise(StringRef opType);
  LogicalResult importMatMul();
  LogicalResult importGemm();
  LogicalResult importReduce(StringRef opType);
  LogicalResult importRecurrent(StringRef opType);
  LogicalResult importLayerNorm();
  LogicalResult importSlice();
  LogicalResult importGather();
  LogicalResult importReshapeLike(StringRef opType);
  LogicalResult importConstant();
  LogicalResult importCast();
  LogicalResult importConcat();

  std::string path;
  MLIRContext *ctx;
  OpBuilder b;
  onnx::ModelProto model;
  int64_t opset = 0;
  std::map<std::string, Entry> values;
  DenseMap<std::pair<Value, int64_t>, Value> dimCache;
  const onnx::NodeProto *node = nullptr;
  int nodeIndex = 0;
  Location nodeLoc = UnknownLoc::get(ctx);
};

//===----------------------------------------------------------------------===//
// Reading tensors
//===----------------------------------------------------------------------===//

LogicalResult Importer::readTensor(const onnx::TensorProto &t, Const &out,
                                   const std::string &what) {
  std::optional<Elem> elem = elemFromOnnx(t.data_type());
  if (!elem)
    return fileError() << what << " has element type "
                       << onnxTypeName(t.data_type())
                       << ", which Seqc does not support (FLOAT, FLOAT16, "
                          "DOUBLE, INT64, INT32 and BOOL are)";
  out.elem = *elem;
  int64_t count = 1;
  for (int64_t d : t.dims()) {
    if (d < 0)
      return fileError() << what << " has a negative dim (" << d << ")";
    if (llvm::MulOverflow(count, d, count) || count > (int64_t(1) << 40))
      return fileError() << what << " has too many elements";
    out.shape.push_back(d);
  }

  // The bytes, from raw_data or the external file.
  std::string external;
  const std::string *raw = t.has_raw_data() ? &t.raw_data() : nullptr;
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string location;
    uint64_t offset = 0;
    std::optional<uint64_t> length;
    for (const auto &kv : t.external_data()) {
      unsigned long long n = 0;
      if (kv.key() == "location")
        location = kv.value();
      else if ((kv.key() == "offset" || kv.key() == "length") &&
               llvm::getAsUnsignedInteger(kv.value(), 10, n))
        return fileError() << what << " has a malformed external data "
                           << kv.key() << " '" << kv.value() << "'";
      else if (kv.key() == "offset")
        offset = n;
      else if (kv.key() == "length")
        length = n;
    }
    if (location.empty() || llvm::sys::path::is_absolute(location) ||
        StringRef(location).contains(".."))
      return fileError() << what << " has external data at '" << location
                         << "': the location must be a file beside the model";
    SmallString<256> file(llvm::sys::path::parent_path(path));
    llvm::sys::path::append(file, location);
    auto buf = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    if (!buf)
      return fileError() << what << ": cannot read its external data '" << file
                         << "': " << buf.getError().message();
    uint64_t size = (*buf)->getBufferSize();
    uint64_t len = length ? *length : (offset <= size ? size - offset : 0);
    if (offset > size || len > size - offset)
      return fileError() << what << ": external data '" << file
                         << "' is shorter (" << size << " bytes) than offset "
                         << offset << " + length " << len;
    external.assign((*buf)->getBufferStart() + offset, len);
    raw = &external;
  }

  auto sizeError = [&](int64_t have) {
    return fileError() << what << " has " << have
                       << " elements of data for its shape of " << count;
  };
  int dtype = t.data_type();
  if (raw) {
    size_t width =
        dtype == onnx::TensorProto::DOUBLE || dtype == onnx::TensorProto::INT64
            ? 8
        : dtype == onnx::TensorProto::FLOAT || dtype == onnx::TensorProto::INT32
            ? 4
        : dtype == onnx::TensorProto::FLOAT16 ? 2
                                              : 1;
    if (raw->size() != (uint64_t)count * width)
      return fileError() << what << " has " << raw->size()
                         << " bytes of data; its shape and type need "
                         << (uint64_t)count * width;
    const char *p = raw->data();
    if (out.elem == Elem::F32) {
      out.f.resize(count);
      for (int64_t k = 0; k < count; ++k) {
        if (dtype == onnx::TensorProto::FLOAT) {
          std::memcpy(&out.f[k], p + 4 * k, 4);
        } else if (dtype == onnx::TensorProto::DOUBLE) {
          double d;
          std::memcpy(&d, p + 8 * k, 8);
          out.f[k] = (float)d;
        } else {
          uint16_t h;
          std::memcpy(&h, p + 2 * k, 2);
          out.f[k] = halfToFloat(h);
        }
      }
    } else {
      out.i.resize(count);
      for (int64_t k = 0; k < count; ++k) {
        if (width == 8) {
          std::memcpy(&out.i[k], p + 8 * k, 8);
        } else if (width == 4) {
          int32_t v;
          std::memcpy(&v, p + 4 * k, 4);
          out.i[k] = v;
        } else {
          out.i[k] = p[k] != 0;
        }
      }
    }
    return success();
  }
  switch (dtype) {
  case onnx::TensorProto::FLOAT:
    if (t.float_data_size() != count)
      return sizeError(t.float_data_size());
    out.f.assign(t.float_data().begin(), t.float_data().end());
    break;
  case onnx::TensorProto::DOUBLE:
    if (t.double_data_size() != count)
      return sizeError(t.double_data_size());
    for (double d : t.double_data())
      out.f.push_back((float)d);
    break;
  case onnx::TensorProto::FLOAT16:
    if (t.int32_data_size() != count)
      return sizeError(t.int32_data_size());
    for (int32_t h : t.int32_data())
      out.f.push_back(halfToFloat((uint16_t)h));
    break;
  case onnx::TensorProto::INT64:
    if (t.int64_data_size() != count)
      return sizeError(t.int64_data_size());
    out.i.assign(t.int64_data().begin(), t.int64_data().end());
    break;
  default: // INT32, BOOL
    if (t.int32_data_size() != count)
      return sizeError(t.int32_data_size());
    for (int32_t v : t.int32_data())
      out.i.push_back(out.elem == Elem::I1 ? v != 0 : v);
    break;
  }
  return success();
}

FailureOr<Const> Importer::readAttrTensor(const onnx::TensorProto &t) {
  Const c;
  std::string what = "the tensor of node " + std::to_string(nodeIndex) + " '" +
                     node->name() + "' (" + node->op_type() + ")";
  if (failed(readTensor(t, c, what)))
    return failure();
  return c;
}

//===----------------------------------------------------------------------===//
// Attributes and inputs
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *Importer::attr(StringRef name) const {
  for (const auto &a : node->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t Importer::getInt(StringRef name, int64_t dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : dflt;
}

float Importer::getFloat(StringRef name, float dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : dflt;
}

std::string Importer::getString(StringRef name, StringRef dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>> Importer::getInts(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

LogicalResult Importer::rejectAttrs(llvm::ArrayRef<StringRef> known) {
  for (const auto &a : node->attribute())
    if (!llvm::is_contained(known, StringRef(a.name())))
      return nodeError() << "attribute '" << a.name() << "' is not supported";
  return success();
}

FailureOr<Entry *> Importer::input(unsigned i) {
  if (!hasInput(i))
    return nodeError() << "input " << i << " is missing";
  auto it = values.find(node->input(i));
  if (it == values.end())
    return nodeError() << "input " << i << " '" << node->input(i)
                       << "' is not defined before the node (the graph must "
                          "be in topological order)";
  return &it->second;
}

FailureOr<Value> Importer::tensorInput(unsigned i) {
  FailureOr<Entry *> e = input(i);
  if (failed(e))
    return failure();
  return materialize(**e);
}

FailureOr<Value> Importer::floatInput(unsigned i) {
  FailureOr<Value> v = tensorInput(i);
  if (failed(v))
    return failure();
  if (!cast<RankedTensorType>(v->getType()).getElementType().isF32())
    return nodeError() << "input " << i << " '" << node->input(i)
                       << "' must be a float tensor, not " << v->getType();
  return v;
}

std::optional<SmallVector<Sym>> Importer::symOf(Entry &e, int *rank) {
  if (e.sym) {
    if (rank)
      *rank = e.symRank;
    return e.sym;
  }
  if (e.constant && e.constant->elem != Elem::F32 &&
      e.constant->shape.size() <= 1) {
    SmallVector<Sym> s;
    for (int64_t v : e.constant->i)
      s.push_back({v, {}});
    if (rank)
      *rank = e.constant->shape.size();
    return s;
  }
  return std::nullopt;
}

FailureOr<std::shared_ptr<Const>> Importer::constInput(unsigned i,
                                                       StringRef what) {
  FailureOr<Entry *> e = input(i);
  if (failed(e))
    return failure();
  if ((*e)->constant)
    return (*e)->constant;
  int rank = 1;
  if (std::optional<SmallVector<Sym>> s = symOf(**e, &rank)) {
    if (llvm::all_of(*s, [](const Sym &x) { return x.isConst(); })) {
      auto c = std::make_shared<Const>();
      c->elem = Elem::I64;
      if (rank == 1)
        c->shape = {(int64_t)s->size()};
      for (const Sym &x : *s)
        c->i.push_back(x.c);
      return c;
    }
  }
  return nodeError() << what << " (input " << i << " '" << node->input(i)
                     << "') must be known at compile time";
}

FailureOr<SmallVector<int64_t>> Importer::constInts(unsigned i,
                                                    StringRef what) {
  FailureOr<std::shared_ptr<Const>> c = constInput(i, what);
  if (failed(c))
    return failure();
  if ((*c)->elem == Elem::F32 || (*c)->shape.size() > 1)
    return nodeError() << what << " (input " << i
                       << ") must be a 1-D integer tensor";
  return SmallVector<int64_t>((*c)->i.begin(), (*c)->i.end());
}

void Importer::setOutput(unsigned i, Entry e) {
  if ((int)i >= node->output_size() || node->output(i).empty())
    return;
  if (e.tensor) {
    held.insert(e.tensor);
    namesOf[e.tensor].push_back(node->output(i));
  }
  values[node->output(i)] = std::move(e);
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

Value Importer::materializeConst(const Const &c) {
  Type elem = getElemType(ctx, c.elem);
  auto type = RankedTensorType::get(c.shape, elem);
  DenseElementsAttr attr;
  switch (c.elem) {
  case Elem::F32:
    attr = DenseElementsAttr::get(type, llvm::ArrayRef<float>(c.f));
    break;
  case Elem::I64:
    attr = DenseElementsAttr::get(type, llvm::ArrayRef<int64_t>(c.i));
    break;
  case Elem::I32: {
    SmallVector<int32_t> v(c.i.begin(), c.i.end());
    attr = DenseElementsAttr::get(type, llvm::ArrayRef<int32_t>(v));
    break;
  }
  case Elem::I1: {
    SmallVector<bool> v;
    for (int64_t x : c.i)
      v.push_back(x != 0);
    attr = DenseElementsAttr::get(type, llvm::ArrayRef<bool>(v));
    break;
  }
  }
  return b.create<arith::ConstantOp>(nodeLoc, attr);
}

Value Importer::symValue(const Sym &s) {
  if (s.v)
    return s.v;
  return b.create<arith::ConstantIndexOp>(nodeLoc, s.c);
}

Value Importer::materialize(Entry &e) {
  if (e.tensor)
    return e.tensor;
  if (e.constant) {
    e.tensor = materializeConst(*e.constant);
    held.insert(e.tensor);
    return e.tensor;
  }
  if (e.splat) {
    SmallVector<int64_t> shape;
    SmallVector<Value> dynamic;
    for (const Sym &d : e.splatShape) {
      shape.push_back(d.isConst() ? d.c : kDyn);
      if (!d.isConst())
        dynamic.push_back(d.v);
    }
    Const scalar = *e.splat;
    scalar.shape.clear();
    Value element =
        b.create<tensor::ExtractOp>(nodeLoc, materializeConst(scalar));
    e.tensor = b.create<tensor::SplatOp>(
        nodeLoc, element,
        RankedTensorType::get(shape, getElemType(ctx, e.splat->elem)), dynamic);
    held.insert(e.tensor);
    return e.tensor;
  }
  // A shape value used as data: i64 elements.
  SmallVector<Value> elems;
  for (const Sym &s : *e.sym)
    elems.push_back(
        b.create<arith::IndexCastOp>(nodeLoc, b.getI64Type(), symValue(s)));
  SmallVector<int64_t> shape;
  if (e.symRank == 1)
    shape.push_back(elems.size());
  e.tensor = b.create<tensor::FromElementsOp>(
      nodeLoc, RankedTensorType::get(shape, b.getI64Type()), elems);
  held.insert(e.tensor);
  return e.tensor;
}

/// The size of dim `i` of `v` as an index value, read through the ops that
/// made `v` (reshapes, transposes, slices of other dims, linear layers,
/// elementwise ops), so that equal dims are the same value.
Value Importer::getDim(Value v, int64_t i) {
  auto type = cast<RankedTensorType>(v.getType());
  if (!type.isDynamicDim(i))
    return b.create<arith::ConstantIndexOp>(nodeLoc, type.getDimSize(i));
  int64_t rank = type.getRank();
  if (Operation *def = v.getDefiningOp()) {
    if (auto t = dyn_cast<seq::TransposeOp>(def)) {
      int64_t p = t.getPermutation()[i];
      return getDim(t.getInput(), p < 0 ? p + rank : p);
    }
    if (auto r = dyn_cast<seq::ReshapeOp>(def)) {
      llvm::ArrayRef<int64_t> sizes = r.getStaticSizes();
      if (ShapedType::isDynamic(sizes[i])) {
        unsigned k = 0;
        for (int64_t j = 0; j < i; ++j)
          k += ShapedType::isDynamic(sizes[j]);
        return r.getSizes()[k];
      }
    }
    if (auto sl = dyn_cast<seq::SliceOp>(def)) {
      int64_t axis = sl.getAxis() < 0 ? sl.getAxis() + rank : sl.getAxis();
      if (axis != i)
        return getDim(sl.getInput(), i);
    }
    if (auto lin = dyn_cast<seq::LinearOp>(def); lin && i < rank - 1)
      return getDim(lin.getInput(), i);
    if (isa<seq::ActivationOp, seq::UnaryOp, seq::SoftmaxOp, seq::LogSoftmaxOp,
            seq::LayerNormOp>(def))
      return getDim(def->getOperand(0), i);
    if (auto splat = dyn_cast<tensor::SplatOp>(def)) {
      unsigned k = 0;
      for (int64_t j = 0; j < i; ++j)
        k += type.isDynamicDim(j);
      return splat.getDynamicSizes()[k];
    }
    if (isa<seq::CastOp>(def))
      return getDim(def->getOperand(0), i);
    if (isa<seq::AddOp, seq::SubOp, seq::MulOp, seq::DivOp, seq::MaximumOp,
            seq::MinimumOp, seq::PowOp, seq::WhereOp, seq::CompareOp>(def)) {
      // Dynamic dims do not broadcast: an operand of the same rank with a
      // dynamic dim there has the result's size.
      for (Value operand : def->getOperands()) {
        auto ot = dyn_cast<RankedTensorType>(operand.getType());
        if (ot && ot.getRank() == rank && ot.isDynamicDim(i))
          return getDim(operand, i);
      }
    }
    if (auto mm = dyn_cast<seq::MatmulOp>(def)) {
      auto lt = mm.getLhs().getType(), rt = mm.getRhs().getType();
      if (lt.getRank() == rank && rt.getRank() == rank && rank >= 2)
        return getDim(i == rank - 1 ? mm.getRhs() : mm.getLhs(), i);
    }
  }
  auto key = std::make_pair(v, i);
  auto it = dimCache.find(key);
  if (it != dimCache.end())
    return it->second;
  OpBuilder::InsertionGuard guard(b);
  if (auto arg = dyn_cast<BlockArgument>(v))
    b.setInsertionPointToStart(arg.getOwner());
  else
    b.setInsertionPointAfter(v.getDefiningOp());
  Value d = b.create<tensor::DimOp>(v.getLoc(), v, i);
  dimCache[key] = d;
  return d;
}

Importer::Size Importer::sizeOfValue(Value v) {
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return {*c, {}};
  if (auto mul = v.getDefiningOp<arith::MulIOp>()) {
    Size a = sizeOfValue(mul.getLhs()), c = sizeOfValue(mul.getRhs());
    a.c *= c.c;
    a.vs.append(c.vs.begin(), c.vs.end());
    return a;
  }
  return {1, {v}};
}

Importer::Size Importer::dimSize(Value x, int64_t i) {
  auto type = cast<RankedTensorType>(x.getType());
  if (!type.isDynamicDim(i))
    return {type.getDimSize(i), {}};
  return sizeOfValue(getDim(x, i));
}

bool Importer::sameSize(const Size &a, const Size &b) {
  if (a.c != b.c || a.vs.size() != b.vs.size())
    return false;
  SmallVector<Value> x(a.vs), y(b.vs);
  auto less = [](Value p, Value q) {
    return p.getAsOpaquePointer() < q.getAsOpaquePointer();
  };
  llvm::sort(x, less);
  llvm::sort(y, less);
  return x == y;
}

Sym Importer::sizeSym(const Size &s) {
  if (s.vs.empty())
    return {s.c, {}};
  Value v = s.vs[0];
  for (Value w : llvm::drop_begin(s.vs))
    v = b.create<arith::MulIOp>(nodeLoc, v, w);
  if (s.c != 1)
    v = b.create<arith::MulIOp>(nodeLoc, v,
                                b.create<arith::ConstantIndexOp>(nodeLoc, s.c));
  return {0, v};
}

/// The finest sizes ("atoms") that both `in` and `out` are products of
/// consecutive runs of, with how many atoms each dim has; nothing when the
/// dynamic sizes do not line up symbolically.
std::optional<Importer::Atoms> Importer::factorize(llvm::ArrayRef<Size> in,
                                                   llvm::ArrayRef<Size> out) {
  auto isOne = [](const Size &s) { return s.c == 1 && s.vs.empty(); };
  // a / b when b divides a symbolically.
  Atoms result;
  result.inCount.assign(in.size(), 0);
  result.outCount.assign(out.size(), 0);
  size_t i = 0, j = 0;
  Size inRem = i < in.size() ? in[0] : Size{},
       outRem = j < out.size() ? out[0] : Size{};
  while (i < in.size() && j < out.size()) {
    Size atom;
    bool advanceIn = false, advanceOut = false;
    if (sameSize(inRem, outRem)) {
      atom = inRem;
      advanceIn = advanceOut = true;
    } else if (isOne(inRem)) {
      atom = inRem;
      advanceIn = true;
    } else if (isOne(outRem)) {
      atom = outRem;
      advanceOut = true;
    } else if (std::optional<Size> r = divideSize(inRem, outRem)) {
      atom = outRem;
      inRem = *r;
      advanceOut = true;
    } else if (std::optional<Size> r = divideSize(outRem, inRem)) {
      atom = inRem;
      outRem = *r;
      advanceIn = true;
    } else {
      return std::nullopt;
    }
    result.atoms.push_back(atom);
    ++result.inCount[i];
    ++result.outCount[j];
    if (advanceIn && ++i < in.size())
      inRem = in[i];
    if (advanceOut && ++j < out.size())
      outRem = out[j];
  }
  // Trailing unit dims.
  for (; i < in.size(); ++i) {
    if (!isOne(in[i]) || out.empty())
      return std::nullopt;
    result.atoms.push_back(in[i]);
    ++result.inCount[i];
    ++result.outCount.back();
  }
  for (; j < out.size(); ++j) {
    if (!isOne(out[j]) || in.empty())
      return std::nullopt;
    result.atoms.push_back(out[j]);
    ++result.inCount.back();
    ++result.outCount[j];
  }
  return result;
}

SmallVector<Sym> Importer::dimSyms(Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<Sym> out;
  for (int64_t i = 0; i < type.getRank(); ++i)
    out.push_back(type.isDynamicDim(i) ? Sym{0, getDim(x, i)}
                                       : Sym{type.getDimSize(i), {}});
  return out;
}

std::optional<Importer::Merge> Importer::getMerge(Value v) {
  auto r = v.getDefiningOp<seq::ReshapeOp>();
  if (!r)
    return std::nullopt;
  Value y = r.getInput();
  int64_t inRank = cast<RankedTensorType>(y.getType()).getRank();
  int64_t outRank = cast<RankedTensorType>(v.getType()).getRank();
  SmallVector<Size> in, out;
  for (int64_t i = 0; i < inRank; ++i)
    in.push_back(dimSize(y, i));
  for (int64_t i = 0; i < outRank; ++i)
    out.push_back(dimSize(v, i));
  std::optional<Atoms> atoms = factorize(in, out);
  if (!atoms || llvm::any_of(atoms->inCount, [](unsigned c) { return c != 1; }))
    return std::nullopt;
  Merge m;
  m.input = y;
  int64_t next = 0;
  bool merges = false;
  for (unsigned c : atoms->outCount) {
    SmallVector<int64_t> group;
    for (unsigned k = 0; k < c; ++k)
      group.push_back(next++);
    merges |= c > 1;
    m.groups.push_back(group);
  }
  if (!merges || llvm::any_of(m.groups, [](auto &g) { return g.empty(); }))
    return std::nullopt;
  return m;
}

template <typename OpT>
FailureOr<Operation *> Importer::build(ValueRange operands,
                                       llvm::ArrayRef<NamedAttribute> attrs,
                                       TypeRange types) {
  OperationState state(nodeLoc, OpT::getOperationName());
  state.addOperands(operands);
  state.addTypes(types);
  auto dict = DictionaryAttr::get(ctx, attrs);
  if constexpr (OpT::hasProperties()) {
    auto &props = state.getOrAddProperties<typename OpT::Properties>();
    if (failed(OpT::setPropertiesFromAttr(props, dict,
                                          [&] { return emitError(nodeLoc); })))
      return failure();
  } else {
    state.addAttributes(attrs);
  }
  if constexpr (OpT::template hasTrait<InferTypeOpInterface::Trait>()) {
    SmallVector<Type> inferred;
    if (failed(OpT::inferReturnTypes(ctx, nodeLoc, state.operands, dict,
                                     state.getRawProperties(), {}, inferred)))
      return failure();
    state.types.assign(inferred.begin(), inferred.end());
  }
  Operation *op = b.create(state);
  if (failed(verify(op))) {
    op->erase();
    return failure();
  }
  return op;
}

FailureOr<Value> Importer::transpose(Value x, llvm::ArrayRef<int64_t> perm) {
  int64_t rank = perm.size();
  SmallVector<int64_t> p(perm);
  for (int64_t &v : p)
    if (v < 0)
      v += rank;
  // Not a permutation of x's dims: the op's own shape rule says why.
  SmallVector<bool> seen(rank, false);
  bool valid = rank == cast<RankedTensorType>(x.getType()).getRank();
  for (int64_t v : p) {
    valid &= v >= 0 && v < rank && !seen[std::clamp<int64_t>(v, 0, rank - 1)];
    if (valid)
      seen[v] = true;
  }
  if (!valid)
    return build1<seq::TransposeOp>(
        {x}, {named("permutation", b.getDenseI64ArrayAttr(perm))});
  if (auto inner = x.getDefiningOp<seq::TransposeOp>()) {
    SmallVector<int64_t> q;
    for (int64_t v : p) {
      int64_t w = inner.getPermutation()[v];
      q.push_back(w < 0 ? w + rank : w);
    }
    FailureOr<Value> r = transpose(inner.getInput(), q);
    eraseIfDead(inner);
    return r;
  }
  bool identity = true;
  for (int64_t i = 0; i < rank; ++i)
    identity &= p[i] == i;
  if (identity && rank == cast<RankedTensorType>(x.getType()).getRank())
    return x;
  // A transpose of merged dims moves the groups: transpose what was merged,
  // then merge (the merge may then meet a head split or a batched product).
  if (std::optional<Merge> m = getMerge(x)) {
    SmallVector<int64_t> expanded;
    SmallVector<Sym> sizes;
    SmallVector<Sym> dims = dimSyms(x);
    for (int64_t i : p) {
      expanded.append(m->groups[i].begin(), m->groups[i].end());
      sizes.push_back(dims[i]);
    }
    FailureOr<Value> t = transpose(m->input, expanded);
    if (failed(t))
      return failure();
    Operation *def = x.getDefiningOp();
    FailureOr<Value> r = reshape(*t, sizes);
    eraseIfDead(def);
    return r;
  }
  // transpose(linear(y)) with the features in place is linear(transpose(y)),
  // when that transpose folds into the reshape or transpose that made y.
  if (auto lin = x.getDefiningOp<seq::LinearOp>();
      lin && !noHoist && p.back() == rank - 1 && lin->hasOneUse() &&
      onlyThisNodeUses(lin.getResult()) &&
      lin.getInput().getDefiningOp<seq::ReshapeOp>()) {
    FailureOr<Value> t = transpose(lin.getInput(), p);
    if (failed(t))
      return failure();
    FailureOr<Value> r = linear(*t, lin.getWeight(), lin.getBias());
    eraseIfDead(lin);
    return r;
  }
  return build1<seq::TransposeOp>(
      {x}, {named("permutation", b.getDenseI64ArrayAttr(p))});
}

FailureOr<Value> Importer::reshape(Value x, llvm::ArrayRef<Sym> sizesIn) {
  // Read through a reshape: only the element order matters.
  if (auto inner = x.getDefiningOp<seq::ReshapeOp>()) {
    x = inner.getInput();
    FailureOr<Value> r = reshape(x, sizesIn);
    eraseIfDead(inner);
    return r;
  }
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  SmallVector<Sym> sizes(sizesIn);
  SmallVector<Size> in, out;
  for (int64_t i = 0; i < rank; ++i)
    in.push_back(dimSize(x, i));
  // Resolve a -1 where the sizes divide symbolically.
  bool known = true;
  for (auto [k, s] : llvm::enumerate(sizes)) {
    if (!s.isConst() || s.c != -1)
      continue;
    Size total{1, {}};
    for (const Size &d : in) {
      total.c *= d.c;
      total.vs.append(d.vs.begin(), d.vs.end());
    }
    for (auto [j, o] : llvm::enumerate(sizes)) {
      if (j == k)
        continue;
      std::optional<Size> rest = divideSize(total, symSize(o));
      if (!rest) {
        known = false;
        break;
      }
      total = *rest;
    }
    if (known)
      sizes[k] = sizeSym(total);
  }
  if (known)
    for (const Sym &s : sizes)
      out.push_back(symSize(s));

  if (known && (int64_t)sizes.size() == rank &&
      llvm::all_of(llvm::seq<int64_t>(0, rank),
                   [&](int64_t i) { return sameSize(in[i], out[i]); }))
    return x;

  // A reshape of a transpose that splits a dim: split the dim before the
  // transpose (so that merges and head splits stay visible).
  if (auto t = x.getDefiningOp<seq::TransposeOp>(); t && known) {
    std::optional<Atoms> atoms = factorize(in, out);
    if (atoms &&
        llvm::any_of(atoms->inCount, [](unsigned c) { return c > 1; })) {
      ArrayRef<int64_t> p = t.getPermutation();
      // Atoms of each dim of x, in order.
      SmallVector<SmallVector<Size>> perDim(rank);
      unsigned next = 0;
      for (int64_t i = 0; i < rank; ++i)
        for (unsigned k = 0; k < atoms->inCount[i]; ++k)
          perDim[i].push_back(atoms->atoms[next++]);
      // The input of the transpose, split: its dim p[i] is x's dim i.
      SmallVector<int64_t> inverse(rank);
      for (int64_t i = 0; i < rank; ++i)
        inverse[p[i] < 0 ? p[i] + rank : p[i]] = i;
      SmallVector<Sym> split;
      SmallVector<int64_t> offset(rank);
      int64_t pos = 0;
      for (int64_t j = 0; j < rank; ++j) {
        offset[j] = pos;
        for (const Size &a : perDim[inverse[j]])
          split.push_back(sizeSym(a));
        pos += perDim[inverse[j]].size();
      }
      SmallVector<int64_t> atomPerm;
      for (int64_t i = 0; i < rank; ++i) {
        int64_t j = p[i] < 0 ? p[i] + rank : p[i];
        for (unsigned k = 0; k < perDim[i].size(); ++k)
          atomPerm.push_back(offset[j] + k);
      }
      FailureOr<Value> sp = reshape(t.getInput(), split);
      if (failed(sp))
        return failure();
      FailureOr<Value> moved = transpose(*sp, atomPerm);
      if (failed(moved))
        return failure();
      eraseIfDead(t);
      return reshape(*moved, sizes);
    }
  }

  SmallVector<int64_t> staticSizes;
  SmallVector<Value> dynamic;
  for (const Sym &s : sizes) {
    if (s.isConst()) {
      staticSizes.push_back(s.c);
    } else if (auto c = getConstantIntValue(s.v)) {
      staticSizes.push_back(*c);
    } else {
      staticSizes.push_back(kDyn);
      dynamic.push_back(s.v);
    }
  }
  SmallVector<Value> operands = {x};
  operands.append(dynamic.begin(), dynamic.end());
  return build1<seq::ReshapeOp>(
      operands, {named("static_sizes", b.getDenseI64ArrayAttr(staticSizes))});
}

FailureOr<Value> Importer::linear(Value x, Value weight, Value bias) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  // linear(transpose(y)) with the features in place: transpose the result.
  if (auto t = x.getDefiningOp<seq::TransposeOp>();
      t && rank >= 2 && t.getPermutation().back() == rank - 1) {
    FailureOr<Value> l = linear(t.getInput(), weight, bias);
    if (failed(l))
      return failure();
    SmallVector<int64_t> p(t.getPermutation());
    eraseIfDead(t);
    llvm::SaveAndRestore<bool> guard(noHoist, true);
    return transpose(*l, p);
  }
  // linear of merged dims: merge only the features, apply, then merge the
  // leading dims of the result.
  if (std::optional<Merge> m = getMerge(x)) {
    bool leading = llvm::any_of(llvm::drop_end(m->groups),
                                [](auto &g) { return g.size() > 1; });
    if (leading) {
      SmallVector<Sym> inner;
      SmallVector<Sym> ys = dimSyms(m->input);
      for (auto &g : llvm::drop_end(m->groups))
        for (int64_t d : g)
          inner.push_back(ys[d]);
      inner.push_back(dimSyms(x).back());
      FailureOr<Value> z = reshape(m->input, inner);
      if (failed(z))
        return failure();
      FailureOr<Value> l = linear(*z, weight, bias);
      if (failed(l))
        return failure();
      SmallVector<Sym> outer = dimSyms(x);
      outer.back() = dimSyms(*l).back();
      return reshape(*l, outer);
    }
  }
  SmallVector<Value> operands = {x, weight};
  if (bias)
    operands.push_back(bias);
  return build1<seq::LinearOp>(operands);
}

FailureOr<Value> Importer::matmul(Value a, Value c) {
  // A batched product of merged batch dims: the product of the unmerged
  // operands, merged (what makes torch's [B·H, S, D] attention 4-D again).
  std::optional<Merge> ma = getMerge(a), mc = getMerge(c);
  auto ta = cast<RankedTensorType>(a.getType());
  auto tc = cast<RankedTensorType>(c.getType());
  int64_t rank = ta.getRank();
  if (ma && mc && rank >= 3 && tc.getRank() == rank &&
      ma->groups.size() == mc->groups.size() &&
      ma->groups[rank - 1].size() == 1 && ma->groups[rank - 2].size() == 1 &&
      mc->groups[rank - 1].size() == 1 && mc->groups[rank - 2].size() == 1) {
    bool same = true;
    auto ya = cast<RankedTensorType>(ma->input.getType());
    auto yc = cast<RankedTensorType>(mc->input.getType());
    same &= ya.getRank() == yc.getRank();
    for (int64_t g = 0; same && g < rank - 2; ++g) {
      same &= ma->groups[g] == mc->groups[g];
      for (int64_t d : ma->groups[g])
        same &= sameSize(dimSize(ma->input, d), dimSize(mc->input, d));
    }
    if (same) {
      FailureOr<Value> r = build1<seq::MatmulOp>({ma->input, mc->input});
      if (failed(r))
        return failure();
      SmallVector<Sym> sizes = dimSyms(a);
      sizes.back() = dimSyms(c).back();
      Operation *da = a.getDefiningOp(), *dc = c.getDefiningOp();
      FailureOr<Value> out = reshape(*r, sizes);
      eraseIfDead(da);
      if (dc != da)
        eraseIfDead(dc);
      return out;
    }
  }
  return build1<seq::MatmulOp>({a, c});
}

FailureOr<Value> Importer::softmax(Value x, int64_t axis, bool log) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  int64_t given = axis;
  if (axis < 0)
    axis += rank;
  // An axis out of range is the op's error (below), not a rewrite.
  bool inRange = axis >= 0 && axis < rank;
  if (!inRange)
    axis = given;
  if (std::optional<Merge> m = inRange ? getMerge(x) : std::nullopt;
      m && m->groups[axis].size() == 1) {
    FailureOr<Value> r = softmax(m->input, m->groups[axis][0], log);
    if (failed(r))
      return failure();
    Operation *def = x.getDefiningOp();
    FailureOr<Value> out = reshape(*r, dimSyms(x));
    eraseIfDead(def);
    return out;
  }
  auto axisAttr = named("axis", b.getI64IntegerAttr(axis));
  return log ? build1<seq::LogSoftmaxOp>({x}, {axisAttr})
             : build1<seq::SoftmaxOp>({x}, {axisAttr});
}

FailureOr<Value> Importer::where(Value c, Value x, Value y) {
  // A select on merged dims with scalar branches: select, then merge.
  if (std::optional<Merge> m = getMerge(c);
      m && !isa<RankedTensorType>(x.getType()) &&
      !isa<RankedTensorType>(y.getType())) {
    FailureOr<Value> r = where(m->input, x, y);
    if (failed(r))
      return failure();
    return reshape(*r, dimSyms(c));
  }
  return build1<seq::WhereOp>({c, x, y});
}

FailureOr<Value> Importer::castTo(Value x, Type elem) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getElementType() == elem)
    return x;
  if (std::optional<Merge> m = getMerge(x)) {
    FailureOr<Value> r = castTo(m->input, elem);
    if (failed(r))
      return failure();
    return reshape(*r, dimSyms(x));
  }
  return build1<seq::CastOp>({x}, {},
                             {RankedTensorType::get(type.getShape(), elem)});
}

Value Importer::splatAsScalar(Entry &e, Value other) {
  const Const *c = e.splat ? e.splat.get() : e.constant.get();
  if (!c || e.tensor)
    return {};
  if (!e.splat &&
      !llvm::all_of(llvm::seq<int64_t>(0, c->size()),
                    [&](int64_t k) { return c->at(k) == c->at(0); }))
    return {};
  if (c->size() == 0 && !e.splat)
    return {};
  auto otherType = dyn_cast<RankedTensorType>(other.getType());
  if (!otherType)
    return {};
  SmallVector<Size> shape;
  if (e.splat)
    for (const Sym &d : e.splatShape)
      shape.push_back(symSize(d));
  else
    for (int64_t d : c->shape)
      shape.push_back({d, {}});
  int64_t rank = otherType.getRank();
  if ((int64_t)shape.size() > rank)
    return {};
  for (auto [k, d] : llvm::enumerate(shape)) {
    bool unit = d.c == 1 && d.vs.empty();
    if (!unit && !sameSize(d, dimSize(other, rank - shape.size() + k)))
      return {};
  }
  Type elem = getElemType(ctx, c->elem);
  Attribute value =
      c->elem == Elem::F32
          ? Attribute(b.getF32FloatAttr(c->f.empty() ? 0.0f : c->f[0]))
          : Attribute(b.getIntegerAttr(elem, c->i.empty() ? 0 : c->i[0]));
  return b.create<arith::ConstantOp>(nodeLoc, cast<TypedAttr>(value));
}

FailureOr<Value> Importer::squeeze(Value x, llvm::ArrayRef<int64_t> axes) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  SmallVector<bool> drop(rank, false);
  for (int64_t a : axes) {
    int64_t axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis >= rank)
      return nodeError() << "axis " << a << " is out of range for rank "
                         << rank;
    if (type.getDimSize(axis) != 1)
      return nodeError() << "squeezes dim " << axis << " of " << type
                         << ", which is not a static 1";
    drop[axis] = true;
  }
  // Through a transpose: squeeze its input, then permute what is left.
  if (auto t = x.getDefiningOp<seq::TransposeOp>()) {
    SmallVector<int64_t> innerAxes, kept;
    for (int64_t i = 0; i < rank; ++i) {
      int64_t p = t.getPermutation()[i];
      p = p < 0 ? p + rank : p;
      (drop[i] ? innerAxes : kept).push_back(p);
    }
    FailureOr<Value> inner = squeeze(t.getInput(), innerAxes);
    if (failed(inner))
      return failure();
    SmallVector<int64_t> perm;
    for (int64_t p : kept)
      perm.push_back(llvm::count_if(kept, [&](int64_t q) { return q < p; }));
    return transpose(*inner, perm);
  }
  SmallVector<Sym> sizes;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      sizes.push_back(type.isDynamicDim(i) ? Sym{0, getDim(x, i)}
                                           : Sym{type.getDimSize(i), {}});
  return reshape(x, sizes);
}

FailureOr<Value> Importer::unsqueeze(Value x, llvm::ArrayRef<int64_t> axes) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank() + axes.size();
  SmallVector<bool> added(rank, false);
  for (int64_t a : axes) {
    int64_t axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis >= rank || added[axis])
      return nodeError() << "axis " << a << " is out of range or repeated";
    added[axis] = true;
  }
  SmallVector<Sym> sizes;
  int64_t k = 0;
  for (int64_t i = 0; i < rank; ++i) {
    if (added[i]) {
      sizes.push_back({1, {}});
      continue;
    }
    sizes.push_back(type.isDynamicDim(k) ? Sym{0, getDim(x, k)}
                                         : Sym{type.getDimSize(k), {}});
    ++k;
  }
  return reshape(x, sizes);
}

FailureOr<Value> Importer::slice(Value x, int64_t axis, int64_t start,
                                 int64_t end, int64_t step) {
  auto type = cast<RankedTensorType>(x.getType());
  if (!type.isDynamicDim(axis)) {
    int64_t n = type.getDimSize(axis);
    int64_t s = std::clamp<int64_t>(start < 0 ? start + n : start, 0, n);
    int64_t e = std::clamp<int64_t>(end < 0 ? end + n : end, 0, n);
    if (s == 0 && e == n && step == 1)
      return x;
  }
  if (auto t = x.getDefiningOp<seq::TransposeOp>()) {
    int64_t rank = type.getRank();
    int64_t p = t.getPermutation()[axis];
    FailureOr<Value> sl =
        slice(t.getInput(), p < 0 ? p + rank : p, start, end, step);
    if (failed(sl))
      return failure();
    SmallVector<int64_t> perm(t.getPermutation());
    return transpose(*sl, perm);
  }
  return build1<seq::SliceOp>({x}, {named("axis", b.getI64IntegerAttr(axis)),
                                    named("start", b.getI64IntegerAttr(start)),
                                    named("end", b.getI64IntegerAttr(end)),
                                    named("step", b.getI64IntegerAttr(step))});
}

Value Importer::scalarIfPossible(Entry &e, int otherRank) {
  if (!e.constant || e.constant->elem != Elem::F32 || e.constant->size() != 1 ||
      (int)e.constant->shape.size() > otherRank)
    return {};
  return b.create<arith::ConstantOp>(nodeLoc,
                                     b.getF32FloatAttr(e.constant->f[0]));
}

FailureOr<Value> Importer::binary(StringRef opType, Value lhs, Value rhs) {
  // x * 1 and x / 1 (torch's baddbmm with alpha = beta = 1) are x.
  if ((opType == "Mul" || opType == "Div") &&
      isa<RankedTensorType>(lhs.getType())) {
    if (auto one = rhs.getDefiningOp<arith::ConstantOp>())
      if (auto f = dyn_cast<FloatAttr>(one.getValue());
          f && f.getValueAsDouble() == 1.0)
        return lhs;
  }
  for (int side = 0; side < 2; ++side) {
    Value x = side == 0 ? lhs : rhs, other = side == 0 ? rhs : lhs;
    auto otherType = dyn_cast<RankedTensorType>(other.getType());
    auto xType = dyn_cast<RankedTensorType>(x.getType());
    if (!xType)
      continue;
    int64_t rank = xType.getRank();
    auto rebuild = [&](Value inner) {
      return side == 0 ? binary(opType, inner, other)
                       : binary(opType, other, inner);
    };
    // A bias vector over the features of a transposed value.
    if (auto t = x.getDefiningOp<seq::TransposeOp>();
        t && (opType == "Add" || opType == "Mul") && otherType &&
        otherType.getRank() == 1 && t.getPermutation().back() == rank - 1) {
      FailureOr<Value> r = rebuild(t.getInput());
      if (failed(r))
        return failure();
      SmallVector<int64_t> p(t.getPermutation());
      eraseIfDead(t);
      return transpose(*r, p);
    }
    // Two values merged alike, or a value that broadcasts over the
    // unmerged trailing dims only.
    if (otherType && side == 0 && opType != "Pow") {
      std::optional<Merge> m = getMerge(x);
      std::optional<Merge> mo = getMerge(other);
      bool alike =
          m && mo && m->groups == mo->groups && otherType.getRank() == rank;
      for (int64_t g = 0; alike && g < (int64_t)m->groups.size(); ++g)
        if (m->groups[g].size() > 1)
          for (int64_t d : m->groups[g])
            alike &= sameSize(dimSize(m->input, d), dimSize(mo->input, d));
      if (alike) {
        FailureOr<Value> r = binary(opType, m->input, mo->input);
        if (failed(r))
          return failure();
        return reshape(*r, dimSyms(x));
      }
      // Leading unit dims of `other` only broadcast.
      Value o = other;
      while (auto ot = dyn_cast<RankedTensorType>(o.getType())) {
        if (!m || ot.getRank() == 0 || ot.getDimSize(0) != 1)
          break;
        SmallVector<Sym> rest = dimSyms(o);
        rest.erase(rest.begin());
        FailureOr<Value> sq = reshape(o, rest);
        if (failed(sq))
          return failure();
        o = *sq;
      }
      otherType = cast<RankedTensorType>(o.getType());
      if (m && otherType.getRank() <= rank) {
        other = o;
        int64_t trailing = 0;
        for (auto &g : llvm::reverse(m->groups)) {
          if (g.size() != 1)
            break;
          ++trailing;
        }
        if (otherType.getRank() <= trailing) {
          FailureOr<Value> r = binary(opType, m->input, other);
          if (failed(r))
            return failure();
          return reshape(*r, dimSyms(x));
        }
      }
    }
    // A scalar on merged dims.
    if (!otherType && opType != "Pow") {
      if (std::optional<Merge> m = getMerge(x)) {
        FailureOr<Value> r = rebuild(m->input);
        if (failed(r))
          return failure();
        Operation *def = x.getDefiningOp();
        FailureOr<Value> out = reshape(*r, dimSyms(x));
        eraseIfDead(def);
        return out;
      }
    }
  }
  if (opType == "Add")
    return build1<seq::AddOp>({lhs, rhs});
  if (opType == "Sub")
    return build1<seq::SubOp>({lhs, rhs});
  if (opType == "Mul")
    return build1<seq::MulOp>({lhs, rhs});
  if (opType == "Div")
    return build1<seq::DivOp>({lhs, rhs});
  if (opType == "Pow")
    return build1<seq::PowOp>({lhs, rhs});
  if (opType == "Max")
    return build1<seq::MaximumOp>({lhs, rhs});
  return build1<seq::MinimumOp>({lhs, rhs});
}

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

LogicalResult Importer::importConstant() {
  auto c = std::make_shared<Const>();
  if (const onnx::AttributeProto *a = attr("value")) {
    FailureOr<Const> t = readAttrTensor(a->t());
    if (failed(t))
      return failure();
    *c = std::move(*t);
  } else if (const onnx::AttributeProto *a = attr("value_float")) {
    c->f = {a->f()};
  } else if (const onnx::AttributeProto *a = attr("value_floats")) {
    c->f.assign(a->floats().begin(), a->floats().end());
    c->shape = {(int64_t)c->f.size()};
  } else if (const onnx::AttributeProto *a = attr("value_int")) {
    c->elem = Elem::I64;
    c->i = {a->i()};
  } else if (const onnx::AttributeProto *a = attr("value_ints")) {
    c->elem = Elem::I64;
    c->i.assign(a->ints().begin(), a->ints().end());
    c->shape = {(int64_t)c->i.size()};
  } else {
    return nodeError() << "only the value, value_float(s) and value_int(s) "
                          "forms of Constant are supported";
  }
  return constantResult(c);
}

LogicalResult Importer::importCast() {
  int64_t to = getInt("to", 0);
  std::optional<Elem> elem = elemFromOnnx(to);
  if (!elem || to == onnx::TensorProto::FLOAT16 ||
      to == onnx::TensorProto::DOUBLE)
    return nodeError() << "casts to " << onnxTypeName(to)
                       << ", which Seqc does not support";
  FailureOr<Entry *> in = input(0);
  if (failed(in))
    return failure();
  Entry &e = **in;
  if (e.sym && *elem != Elem::F32 && *elem != Elem::I1) {
    setOutput(0, e);
    return success();
  }
  if (e.constant) {
    auto c = std::make_shared<Const>(*e.constant);
    if (c->elem == Elem::F32 && *elem != Elem::F32) {
      for (float f : c->f)
        c->i.push_back(*elem == Elem::I1 ? f != 0 : (int64_t)f);
      c->f.clear();
    } else if (c->elem != Elem::F32 && *elem == Elem::F32) {
      for (int64_t v : c->i)
        c->f.push_back((float)v);
      c->i.clear();
    } else if (*elem == Elem::I1) {
      for (int64_t &v : c->i)
        v = v != 0;
    } else if (*elem == Elem::I32) {
      for (int64_t &v : c->i)
        v = (int32_t)v;
    }
    c->elem = *elem;
    return constantResult(c);
  }
  Value x = materialize(e);
  auto type = cast<RankedTensorType>(x.getType());
  Type target = getElemType(ctx, *elem);
  if (type.getElementType() == target) {
    setOutput(0, x);
    return success();
  }
  return result(castTo(x, target));
}

/// Integer arithmetic and comparisons on shape values and integer constants,
/// evaluated at import.
LogicalResult Importer::importShapeArith(StringRef opType) {
  FailureOr<Entry *> l = input(0), r = input(1);
  if (failed(l) || failed(r))
    return failure();
  int lr = 1, rr = 1;
  std::optional<SmallVector<Sym>> ls = symOf(**l, &lr), rs = symOf(**r, &rr);
  size_t n = std::max(ls->size(), rs->size());
  if (ls->size() != n && ls->size() != 1)
    return nodeError() << "operands of " << ls->size() << " and " << rs->size()
                       << " elements do not broadcast";
  if (rs->size() != n && rs->size() != 1)
    return nodeError() << "operands of " << ls->size() << " and " << rs->size()
                       << " elements do not broadcast";
  SmallVector<Sym> out;
  for (size_t k = 0; k < n; ++k) {
    Sym a = (*ls)[ls->size() == 1 ? 0 : k], c = (*rs)[rs->size() == 1 ? 0 : k];
    if (a.isConst() && c.isConst()) {
      int64_t v;
      bool overflow = false;
      if (opType == "Add")
        overflow = llvm::AddOverflow(a.c, c.c, v);
      else if (opType == "Sub")
        overflow = llvm::SubOverflow(a.c, c.c, v);
      else if (opType == "Mul")
        overflow = llvm::MulOverflow(a.c, c.c, v);
      else if (opType == "Div") {
        if (c.c == 0)
          return nodeError() << "divides a shape value by zero";
        v = a.c / c.c;
      } else if (opType == "Equal") {
        v = a.c == c.c;
      } else {
        return nodeError() << opType << " on shape values is not supported";
      }
      if (overflow)
        return nodeError() << "overflows int64 in shape arithmetic";
      out.push_back({v, {}});
      continue;
    }
    if (opType == "Equal") {
      // A dim is never negative: torch's expand compares shapes with -1.
      int64_t k = a.isConst() ? a.c : c.c;
      if (k < 0) {
        out.push_back({0, {}});
        continue;
      }
      return nodeError() << "compares a run-time dim with " << k
                         << ", which is not known at compile time";
    }
    Value x = symValue(a), y = symValue(c), v;
    if (opType == "Add")
      v = b.create<arith::AddIOp>(nodeLoc, x, y);
    else if (opType == "Sub")
      v = b.create<arith::SubIOp>(nodeLoc, x, y);
    else if (opType == "Mul")
      v = b.create<arith::MulIOp>(nodeLoc, x, y);
    else if (opType == "Div")
      v = b.create<arith::DivSIOp>(nodeLoc, x, y);
    else
      return nodeError() << opType
                         << " on run-time shape values is not supported";
    out.push_back({0, v});
  }
  Entry e;
  e.sym = out;
  e.symRank = std::max(lr, rr);
  setOutput(0, e);
  return success();
}

LogicalResult Importer::importElementwise(StringRef opType) {
  if (opType == "Relu" || opType == "Tanh" || opType == "Sigmoid") {
    FailureOr<Value> x = floatInput(0);
    if (failed(x))
      return failure();
    seq::ActivationKind kind = opType == "Relu" ? seq::ActivationKind::relu
                               : opType == "Tanh"
                                   ? seq::ActivationKind::tanh
                                   : seq::ActivationKind::sigmoid;
    return result(build1<seq::ActivationOp>(
        {*x}, {named("kind", seq::ActivationKindAttr::get(ctx, kind))}));
  }
  if (opType == "Sqrt" || opType == "Exp" || opType == "Log" ||
      opType == "Abs" || opType == "Neg" || opType == "Erf") {
    FailureOr<Value> x = floatInput(0);
    if (failed(x))
      return failure();
    seq::UnaryKind kind = opType == "Sqrt"  ? seq::UnaryKind::sqrt
                          : opType == "Exp" ? seq::UnaryKind::exp
                          : opType == "Log" ? seq::UnaryKind::log
                          : opType == "Abs" ? seq::UnaryKind::abs
                          : opType == "Erf" ? seq::UnaryKind::erf
                                            : seq::UnaryKind::neg;
    return result(build1<seq::UnaryOp>(
        {*x}, {named("kind", seq::UnaryKindAttr::get(ctx, kind))}));
  }
  if (opType == "Reciprocal") {
    FailureOr<Value> x = floatInput(0);
    if (failed(x))
      return failure();
    Value one = b.create<arith::ConstantOp>(nodeLoc, b.getF32FloatAttr(1.0f));
    return result(build1<seq::DivOp>({one, *x}));
  }
  if (opType == "Softmax" || opType == "LogSoftmax") {
    FailureOr<Value> x = floatInput(0);
    if (failed(x))
      return failure();
    int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
    int64_t axis = getInt("axis", opset >= 13 ? -1 : 1);
    if (axis < 0)
      axis += rank;
    // Before opset 13 the input is coerced to 2-D at `axis`: the same as
    // softmax over one axis only when that axis is the last.
    if (opset < 13 && axis != rank - 1)
      return nodeError() << "softmax over the flattened dims " << axis << ".."
                         << rank - 1
                         << " (opset < 13 semantics) is not supported";
    return result(softmax(*x, axis, opType == "LogSoftmax"));
  }
  if (opType == "Clip") {
    FailureOr<Value> x = floatInput(0);
    if (failed(x))
      return failure();
    SmallVector<NamedAttribute> attrs;
    auto bound = [&](unsigned i, StringRef name) -> LogicalResult {
      std::optional<float> v;
      if (opset < 11) {
        if (const onnx::AttributeProto *a = attr(name))
          v = a->f();
      } else if (hasInput(i)) {
        FailureOr<std::shared_ptr<Const>> c = constInput(i, "the Clip bound");
        if (failed(c))
          return failure();
        if ((*c)->size() != 1)
          return nodeError() << "the Clip bound must be a scalar";
        v = (*c)->at(0);
      }
      if (v)
        attrs.push_back(named(name, b.getF64FloatAttr(*v)));
      return success();
    };
    if (failed(bound(1, "min")) || failed(bound(2, "max")))
      return failure();
    return result(build1<seq::ClampOp>({*x}, attrs));
  }
  if (opType == "Where") {
    FailureOr<Entry *> ce = input(0), xe = input(1), ye = input(2);
    if (failed(ce) || failed(xe) || failed(ye))
      return failure();
    // On shape values, with a condition known at compile time.
    std::optional<SmallVector<Sym>> cs = symOf(**ce), xs = symOf(**xe),
                                    ys = symOf(**ye);
    if (cs && xs && ys && ((*ce)->sym || (*xe)->sym || (*ye)->sym) &&
        llvm::all_of(*cs, [](const Sym &k) { return k.isConst(); })) {
      size_t n = std::max({cs->size(), xs->size(), ys->size()});
      auto at = [&](const SmallVector<Sym> &v, size_t k) {
        return v[v.size() == 1 ? 0 : k];
      };
      Entry e;
      e.sym.emplace();
      for (size_t k = 0; k < n; ++k)
        e.sym->push_back(at(*cs, k).c ? at(*xs, k) : at(*ys, k));
      setOutput(0, e);
      return success();
    }
    FailureOr<Value> c = tensorInput(0);
    if (failed(c))
      return failure();
    // A splat (ConstantOfShape) no larger than the condition is a scalar.
    auto operand = [&](Entry &e) -> Value {
      if (Value sc = splatAsScalar(e, *c))
        return sc;
      return materialize(e);
    };
    Value x = operand(**xe), y = operand(**ye);
    return result(where(*c, x, y));
  }
  if (opType == "Not") {
    FailureOr<Value> x = tensorInput(0);
    if (failed(x))
      return failure();
    Value f = b.create<arith::ConstantOp>(nodeLoc, b.getBoolAttr(false));
    return result(build1<seq::CompareOp>(
        {*x, f}, {named("predicate", seq::ComparePredicateAttr::get(
                                         ctx, seq::ComparePredicate::eq))}));
  }

  // Binary ops and comparisons, with numpy broadcasting.
  FailureOr<Entry *> l = input(0), r = input(1);
  if (failed(l) || failed(r))
    return failure();
  bool isInt = [&](Entry &e) {
    if (e.sym)
      return true;
    if (e.constant)
      return e.constant->elem != Elem::F32;
    return !cast<RankedTensorType>(e.tensor.getType()).getElementType().isF32();
  }(**l);
  if (isInt && (symOf(**l) && symOf(**r)) &&
      (opType == "Add" || opType == "Sub" || opType == "Mul" ||
       opType == "Div" || opType == "Equal"))
    return importShapeArith(opType);

  bool compare = opType == "Equal" || opType == "Less" || opType == "Greater" ||
                 opType == "LessOrEqual" || opType == "GreaterOrEqual";
  Value lhs, rhs;
  auto rankOf = [&](Entry &e) -> int {
    if (e.constant)
      return e.constant->shape.size();
    if (e.sym)
      return e.symRank;
    return cast<RankedTensorType>(e.tensor.getType()).getRank();
  };
  int lrank = rankOf(**l), rrank = rankOf(**r);
  lhs = scalarIfPossible(**l, rrank);
  rhs = lhs ? Value() : scalarIfPossible(**r, lrank);
  if (!lhs && !rhs && ((*l)->splat || (*r)->splat)) {
    if ((*r)->splat)
      rhs = splatAsScalar(**r, materialize(**l));
    else
      lhs = splatAsScalar(**l, materialize(**r));
  }
  if (!lhs)
    lhs = materialize(**l);
  if (!rhs)
    rhs = materialize(**r);
  if (compare) {
    seq::ComparePredicate pred =
        opType == "Equal"         ? seq::ComparePredicate::eq
        : opType == "Less"        ? seq::ComparePredicate::lt
        : opType == "Greater"     ? seq::ComparePredicate::gt
        : opType == "LessOrEqual" ? seq::ComparePredicate::le
                                  : seq::ComparePredicate::ge;
    return result(build1<seq::CompareOp>(
        {lhs, rhs},
        {named("predicate", seq::ComparePredicateAttr::get(ctx, pred))}));
  }
  if (isInt)
    return nodeError() << opType
                       << " of integer tensors computed at run "
                          "time is not supported";
  // A bias vector first (Add(bias, x @ W), as torch exports nn.Linear) is
  // put second, where seq-raise-linear finds it.
  if (opType == "Add" || opType == "Mul") {
    if ((*l)->constant && !(*r)->constant && rrank >= lrank)
      std::swap(lhs, rhs);
  }
  return result(binary(opType, lhs, rhs));
}

static std::shared_ptr<Const> transposed2D(const Const &c) {
  auto t = std::make_shared<Const>();
  t->elem = Elem::F32;
  int64_t rows = c.shape[0], cols = c.shape[1];
  t->shape = {cols, rows};
  t->f.resize(c.f.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < cols; ++k)
      t->f[k * rows + r] = c.f[r * cols + k];
  return t;
}

LogicalResult Importer::importMatMul() {
  FailureOr<Entry *> wEntry = input(1);
  if (failed(wEntry))
    return failure();
  FailureOr<Value> x = floatInput(0);
  if (failed(x))
    return failure();
  std::shared_ptr<Const> w = (*wEntry)->constant;
  // x @ W with a constant [in, out] W is a linear layer of Wᵀ ([out, in],
  // the layout the GEMM kernels pack at compile time).
  if (w && w->elem == Elem::F32 && w->shape.size() == 2 &&
      cast<RankedTensorType>(x->getType()).getRank() >= 2) {
    Value wt = materializeConst(*transposed2D(*w));
    return result(linear(*x, wt, Value()));
  }
  FailureOr<Value> y = floatInput(1);
  if (failed(y))
    return failure();
  return result(matmul(*x, *y));
}

LogicalResult Importer::importGemm() {
  if (failed(rejectAttrs({"alpha", "beta", "transA", "transB"})))
    return failure();
  float alpha = getFloat("alpha", 1.0f), beta = getFloat("beta", 1.0f);
  bool transA = getInt("transA", 0), transB = getInt("transB", 0);
  FailureOr<Value> a = floatInput(0);
  if (failed(a))
    return failure();
  if (transA) {
    FailureOr<Value> t = transpose(*a, {1, 0});
    if (failed(t))
      return failure();
    a = t;
  }
  FailureOr<Entry *> bEntry = input(1);
  if (failed(bEntry))
    return failure();
  Value weight; // [N, K]
  if (std::shared_ptr<Const> w = (*bEntry)->constant) {
    if (w->elem != Elem::F32 || w->shape.size() != 2)
      return nodeError() << "B must be a 2-D float tensor";
    weight =
        transB ? materializeConst(*w) : materializeConst(*transposed2D(*w));
  } else {
    FailureOr<Value> bv = floatInput(1);
    if (failed(bv))
      return failure();
    weight = *bv;
    if (!transB) {
      FailureOr<Value> t = transpose(weight, {1, 0});
      if (failed(t))
        return failure();
      weight = *t;
    }
  }
  Value bias;
  Value c;
  if (hasInput(2)) {
    FailureOr<Entry *> cEntry = input(2);
    if (failed(cEntry))
      return failure();
    auto wType = cast<RankedTensorType>(weight.getType());
    std::shared_ptr<Const> cc = (*cEntry)->constant;
    if (cc && beta == 1.0f && alpha == 1.0f && cc->shape.size() == 1 &&
        cc->shape[0] == wType.getDimSize(0))
      bias = materialize(**cEntry);
    else
      c = materialize(**cEntry);
  }
  FailureOr<Value> r = linear(*a, weight, bias);
  if (failed(r))
    return failure();
  Value out = *r;
  if (alpha != 1.0f) {
    Value s = b.create<arith::ConstantOp>(nodeLoc, b.getF32FloatAttr(alpha));
    FailureOr<Value> m = build1<seq::MulOp>({out, s});
    if (failed(m))
      return failure();
    out = *m;
  }
  if (c) {
    if (beta != 1.0f) {
      Value s = b.create<arith::ConstantOp>(nodeLoc, b.getF32FloatAttr(beta));
      FailureOr<Value> m = build1<seq::MulOp>({c, s});
      if (failed(m))
        return failure();
      c = *m;
    }
    FailureOr<Value> add = build1<seq::AddOp>({out, c});
    if (failed(add))
      return failure();
    out = *add;
  }
  setOutput(0, out);
  return success();
}

LogicalResult Importer::importReduce(StringRef opType) {
  FailureOr<Value> x = floatInput(0);
  if (failed(x))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  bool keepdims = getInt("keepdims", 1);
  if (opType == "ArgMax") {
    if (getInt("select_last_index", 0))
      return nodeError() << "select_last_index = 1 is not supported";
    return result(build1<seq::ArgmaxOp>(
        {*x}, {named("axis", b.getI64IntegerAttr(getInt("axis", 0))),
               named("keepdim", b.getBoolAttr(keepdims))}));
  }
  // Axes: an attribute, or from opset 18 (13 for ReduceSum) an input.
  std::optional<SmallVector<int64_t>> axes = getInts("axes");
  bool axesAsInput = opType == "ReduceSum" ? opset >= 13 : opset >= 18;
  if (axesAsInput && hasInput(1)) {
    FailureOr<SmallVector<int64_t>> a = constInts(1, "the axes");
    if (failed(a))
      return failure();
    axes = *a;
  }
  if (!axes || axes->empty()) {
    if (getInt("noop_with_empty_axes", 0)) {
      setOutput(0, *x);
      return success();
    }
    axes.emplace();
    for (int64_t i = 0; i < rank; ++i)
      axes->push_back(i);
  }
  seq::ReduceKind kind = opType == "ReduceMean"  ? seq::ReduceKind::mean
                         : opType == "ReduceSum" ? seq::ReduceKind::sum
                         : opType == "ReduceMax" ? seq::ReduceKind::max
                                                 : seq::ReduceKind::min;
  return result(build1<seq::ReduceOp>(
      {*x}, {named("kind", seq::ReduceKindAttr::get(ctx, kind)),
             named("axes", b.getDenseI64ArrayAttr(*axes)),
             named("keepdim", b.getBoolAttr(keepdims))}));
}

LogicalResult Importer::importLayerNorm() {
  if (failed(rejectAttrs({"axis", "epsilon", "stash_type"})))
    return failure();
  FailureOr<Value> x = floatInput(0);
  if (failed(x))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  int64_t axis = getInt("axis", -1);
  if (axis != -1 && axis != rank - 1)
    return nodeError() << "normalises over the dims from " << axis
                       << "; only the last dim is supported";
  if (node->output_size() > 1 &&
      llvm::any_of(llvm::drop_begin(node->output()),
                   [](const std::string &s) { return !s.empty(); }))
    return nodeError() << "the Mean and InvStdDev outputs are not supported";
  SmallVector<Value> operands = {*x};
  int32_t hasScale = hasInput(1), hasBias = hasInput(2);
  for (unsigned i = 1; i <= 2; ++i) {
    if (!hasInput(i))
      continue;
    FailureOr<Value> v = floatInput(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  return result(build1<seq::LayerNormOp>(
      operands,
      {segments({1, hasScale, hasBias}),
       named("epsilon", b.getF32FloatAttr(getFloat("epsilon", 1e-5f)))}));
}

/// Strides of a row-major shape.
static SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t k = (int64_t)shape.size() - 2; k >= 0; --k)
    strides[k] = strides[k + 1] * shape[k + 1];
  return strides;
}

/// `c` permuted: result dim i is dim perm[i].
static std::shared_ptr<Const> constTranspose(const Const &c,
                                             llvm::ArrayRef<int64_t> perm) {
  auto t = std::make_shared<Const>();
  t->elem = c.elem;
  int64_t rank = c.shape.size();
  for (int64_t i = 0; i < rank; ++i)
    t->shape.push_back(c.shape[perm[i]]);
  SmallVector<int64_t> in = stridesOf(c.shape), out = stridesOf(t->shape);
  int64_t n = c.size();
  (c.elem == Elem::F32 ? (void)t->f.resize(n) : (void)t->i.resize(n));
  for (int64_t k = 0; k < n; ++k) {
    int64_t src = 0, rem = k;
    for (int64_t i = 0; i < rank; ++i) {
      int64_t idx = rem / out[i];
      rem %= out[i];
      src += idx * in[perm[i]];
    }
    if (c.elem == Elem::F32)
      t->f[k] = c.f[src];
    else
      t->i[k] = c.i[src];
  }
  return t;
}

/// Elements start, start + step, ... below end of `axis` (clamped).
static std::shared_ptr<Const> constSlice(const Const &c, int64_t axis,
                                         int64_t start, int64_t end,
                                         int64_t step) {
  int64_t n = c.shape[axis];
  start = std::clamp<int64_t>(start < 0 ? start + n : start, 0, n);
  end = std::clamp<int64_t>(end < 0 ? end + n : end, 0, n);
  SmallVector<int64_t> picked;
  for (int64_t k = start; k < end; k += step)
    picked.push_back(k);
  auto t = std::make_shared<Const>();
  t->elem = c.elem;
  t->shape = c.shape;
  t->shape[axis] = picked.size();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= c.shape[i];
  for (int64_t i = axis + 1; i < (int64_t)c.shape.size(); ++i)
    inner *= c.shape[i];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k : picked)
      for (int64_t j = 0; j < inner; ++j) {
        int64_t src = (o * n + k) * inner + j;
        if (c.elem == Elem::F32)
          t->f.push_back(c.f[src]);
        else
          t->i.push_back(c.i[src]);
      }
  return t;
}

LogicalResult Importer::importSlice() {
  FailureOr<Entry *> in = input(0);
  if (failed(in))
    return failure();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (opset < 10) {
    starts = getInts("starts").value_or(SmallVector<int64_t>());
    ends = getInts("ends").value_or(SmallVector<int64_t>());
    axes = getInts("axes").value_or(SmallVector<int64_t>());
  } else {
    FailureOr<SmallVector<int64_t>> s = constInts(1, "the starts"),
                                    e = constInts(2, "the ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (hasInput(3)) {
      FailureOr<SmallVector<int64_t>> a = constInts(3, "the axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (hasInput(4)) {
      FailureOr<SmallVector<int64_t>> st = constInts(4, "the steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (starts.size() != ends.size() ||
      (!axes.empty() && axes.size() != starts.size()) ||
      (!steps.empty() && steps.size() != starts.size()))
    return nodeError() << "starts, ends, axes and steps differ in length";
  if (axes.empty())
    for (size_t k = 0; k < starts.size(); ++k)
      axes.push_back(k);
  if (steps.empty())
    steps.assign(starts.size(), 1);

  // A slice of a shape value.
  int symRank = 1;
  if (std::optional<SmallVector<Sym>> s = symOf(**in, &symRank);
      s && symRank == 1 && (*in)->sym) {
    if (starts.size() != 1 || steps[0] != 1)
      return nodeError() << "only a unit-step slice of a shape is supported";
    int64_t n = s->size();
    int64_t st =
        std::clamp<int64_t>(starts[0] < 0 ? starts[0] + n : starts[0], 0, n);
    int64_t en = std::clamp<int64_t>(ends[0] < 0 ? ends[0] + n : ends[0], 0, n);
    Entry e;
    e.sym = SmallVector<Sym>(s->begin() + st, s->begin() + std::max(st, en));
    setOutput(0, e);
    return success();
  }
  // A slice of a constant (torch's split of in_proj_weight) is a constant.
  if ((*in)->constant && !(*in)->constant->shape.empty()) {
    std::shared_ptr<Const> c = (*in)->constant;
    int64_t rank = c->shape.size();
    for (size_t k = 0; k < starts.size(); ++k) {
      int64_t axis = axes[k] < 0 ? axes[k] + rank : axes[k];
      if (axis < 0 || axis >= rank || steps[k] <= 0)
        return nodeError() << "has an axis or step out of range";
      c = constSlice(*c, axis, starts[k], ends[k], steps[k]);
    }
    return constantResult(c);
  }
  Value x = materialize(**in);
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  for (size_t k = 0; k < starts.size(); ++k) {
    int64_t axis = axes[k] < 0 ? axes[k] + rank : axes[k];
    if (axis < 0 || axis >= rank)
      return nodeError() << "axis " << axes[k] << " is out of range";
    if (steps[k] <= 0)
      return nodeError() << "a step of " << steps[k]
                         << " is not supported (steps must be positive)";
    FailureOr<Value> r = slice(x, axis, starts[k], ends[k], steps[k]);
    if (failed(r))
      return failure();
    x = *r;
  }
  setOutput(0, x);
  return success();
}

LogicalResult Importer::importGather() {
  FailureOr<Entry *> data = input(0), idx = input(1);
  if (failed(data) || failed(idx))
    return failure();
  int64_t axis = getInt("axis", 0);
  // Elements of a shape value.
  int symRank = 1;
  std::optional<SmallVector<Sym>> s =
      (*data)->sym ? symOf(**data, &symRank) : std::nullopt;
  if (s && symRank == 1) {
    FailureOr<std::shared_ptr<Const>> indices =
        constInput(1, "the indices into a shape");
    if (failed(indices))
      return failure();
    Entry e;
    e.sym.emplace();
    e.symRank = (*indices)->shape.size();
    for (int64_t k : (*indices)->i) {
      int64_t n = s->size();
      if (k < -n || k >= n)
        return nodeError() << "index " << k << " is out of range for a shape "
                           << "of " << n << " dims";
      e.sym->push_back((*s)[k < 0 ? k + n : k]);
    }
    setOutput(0, e);
    return success();
  }
  Value x = materialize(**data);
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  if (axis < 0)
    axis += rank;
  // A constant scalar index: one slice, the axis dropped.
  if ((*idx)->constant && (*idx)->constant->shape.empty()) {
    int64_t k = (*idx)->constant->i.empty() ? 0 : (*idx)->constant->i[0];
    FailureOr<Value> sl = slice(x, axis, k, k == -1 ? INT64_MAX : k + 1, 1);
    if (failed(sl))
      return failure();
    return result(squeeze(*sl, {axis}));
  }
  Value indices = materialize(**idx);
  auto itype = cast<RankedTensorType>(indices.getType());
  if (axis == 0 && rank == 2 && type.getElementType().isF32()) {
    // An embedding lookup: table [V, D] by ids of any shape.
    return result(build1<seq::EmbeddingOp>({indices, x}));
  }
  if (itype.getRank() == 1) {
    return result(build1<seq::IndexSelectOp>(
        {x, indices}, {named("axis", b.getI64IntegerAttr(axis))}));
  }
  return nodeError() << "Gather of a rank-" << rank << " tensor along axis "
                     << axis << " by rank-" << itype.getRank()
                     << " indices is not supported";
}

LogicalResult Importer::importReshapeLike(StringRef opType) {
  FailureOr<Entry *> in = input(0);
  if (failed(in))
    return failure();
  Entry &e = **in;
  bool axesInput = opset >= 13;
  SmallVector<int64_t> axes;
  if (opType == "Unsqueeze" || opType == "Squeeze") {
    if (axesInput && hasInput(1)) {
      FailureOr<SmallVector<int64_t>> a = constInts(1, "the axes");
      if (failed(a))
        return failure();
      axes = *a;
    } else {
      axes = getInts("axes").value_or(SmallVector<int64_t>());
    }
  }
  // Shape values and integer constants stay known.
  int symRank = 1;
  if (opType != "Reshape" && opType != "Flatten") {
    if (std::optional<SmallVector<Sym>> s = symOf(e, &symRank)) {
      if (opType == "Unsqueeze" && symRank == 0 && axes.size() == 1) {
        Entry out;
        out.sym = s;
        out.symRank = 1;
        setOutput(0, out);
        return success();
      }
      if (opType == "Squeeze" && symRank == 1 && s->size() == 1) {
        Entry out;
        out.sym = s;
        out.symRank = 0;
        setOutput(0, out);
        return success();
      }
    }
  }
  if (e.constant && opType != "Flatten") {
    SmallVector<int64_t> shape(e.constant->shape);
    if (opType == "Unsqueeze") {
      int64_t rank = shape.size() + axes.size();
      SmallVector<int64_t> norm;
      for (int64_t a : axes)
        norm.push_back(a < 0 ? a + rank : a);
      llvm::sort(norm);
      for (int64_t a : norm)
        shape.insert(shape.begin() + std::min<int64_t>(a, shape.size()), 1);
    } else if (opType == "Squeeze") {
      SmallVector<int64_t> kept;
      int64_t rank = shape.size();
      for (int64_t i = 0; i < rank; ++i) {
        bool drop = axes.empty() ? shape[i] == 1
                                 : llvm::is_contained(axes, i) ||
                                       llvm::is_contained(axes, i - rank);
        if (!drop)
          kept.push_back(shape[i]);
      }
      shape = kept;
    } else {
      FailureOr<SmallVector<int64_t>> target = constInts(1, "the shape");
      if (failed(target))
        return failure();
      shape.clear();
      int64_t known = 1, infer = -1;
      for (auto [i, d] : llvm::enumerate(*target)) {
        if (d == 0 && !getInt("allowzero", 0))
          d = e.constant->shape[i];
        if (d == -1)
          infer = i;
        else
          known *= d;
        shape.push_back(d);
      }
      if (infer >= 0)
        shape[infer] = known ? e.constant->size() / known : 0;
    }
    int64_t count = 1;
    for (int64_t d : shape)
      count *= d;
    if (count != e.constant->size())
      return nodeError() << "reshapes " << e.constant->size()
                         << " elements to a shape of " << count;
    auto c = std::make_shared<Const>(*e.constant);
    c->shape = shape;
    return constantResult(c);
  }

  Value x = materialize(e);
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  FailureOr<Value> r = failure();
  if (opType == "Unsqueeze") {
    r = unsqueeze(x, axes);
  } else if (opType == "Squeeze") {
    if (axes.empty())
      for (int64_t i = 0; i < rank; ++i)
        if (type.getDimSize(i) == 1)
          axes.push_back(i);
    r = squeeze(x, axes);
  } else if (opType == "Flatten") {
    int64_t axis = getInt("axis", 1);
    if (axis < 0)
      axis += rank;
    Value outer = b.create<arith::ConstantIndexOp>(nodeLoc, 1);
    for (int64_t i = 0; i < axis; ++i)
      outer = b.create<arith::MulIOp>(nodeLoc, outer, getDim(x, i));
    r = reshape(x, {Sym{0, outer}, Sym{-1, {}}});
  } else {
    FailureOr<Entry *> shapeEntry = input(1);
    if (failed(shapeEntry))
      return failure();
    int sr = 1;
    std::optional<SmallVector<Sym>> target = symOf(**shapeEntry, &sr);
    if (!target)
      return nodeError() << "the target shape (input 1 '" << node->input(1)
                         << "') must be computable at compile time from "
                            "constants and the dims of other values";
    SmallVector<Sym> sizes;
    bool allowZero = getInt("allowzero", 0);
    for (auto [i, s] : llvm::enumerate(*target)) {
      if (s.isConst() && s.c == 0 && !allowZero) {
        if ((int64_t)i >= rank)
          return nodeError()
                 << "copies dim " << i << " of a rank-" << rank << " input";
        sizes.push_back(type.isDynamicDim(i) ? Sym{0, getDim(x, i)}
                                             : Sym{type.getDimSize(i), {}});
        continue;
      }
      if (s.isConst() && s.c < -1)
        return nodeError() << "has a target size of " << s.c;
      sizes.push_back(s);
    }
    r = reshape(x, sizes);
  }
  if (failed(r))
    return failure();
  setOutput(0, *r);
  return success();
}

LogicalResult Importer::importConcat() {
  int64_t axis = getInt("axis", 0);
  bool allSym = true;
  for (unsigned i = 0; i < numInputs(); ++i) {
    FailureOr<Entry *> e = input(i);
    if (failed(e))
      return failure();
    int rank = 1;
    allSym &= symOf(**e, &rank).has_value() && rank == 1;
  }
  if (allSym) {
    Entry out;
    out.sym.emplace();
    for (unsigned i = 0; i < numInputs(); ++i) {
      std::optional<SmallVector<Sym>> s = symOf(values[node->input(i)]);
      out.sym->append(s->begin(), s->end());
    }
    setOutput(0, out);
    return success();
  }
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < numInputs(); ++i) {
    FailureOr<Value> v = tensorInput(i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  return result(build1<seq::ConcatOp>(
      inputs, {named("axis", b.getI64IntegerAttr(axis))}));
}

LogicalResult Importer::importExpand() {
  FailureOr<Entry *> in = input(0), shapeEntry = input(1);
  if (failed(in) || failed(shapeEntry))
    return failure();
  std::optional<SmallVector<Sym>> shape = symOf(**shapeEntry);
  if (!shape)
    return nodeError() << "the shape (input 1) must be computable at compile "
                          "time from constants and dims";
  Value x = materialize(**in);
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = std::max<int64_t>(type.getRank(), shape->size());
  // numpy broadcasting of x's shape with `shape`; a 1 keeps x's dim.
  SmallVector<Sym> expanded;
  SmallVector<Sym> xs = dimSyms(x);
  bool grows = false;
  for (int64_t k = 0; k < rank; ++k) {
    int64_t xi = k - (rank - type.getRank()), si = k - (rank - shape->size());
    std::optional<Sym> xd = xi >= 0 ? std::optional<Sym>(xs[xi]) : std::nullopt;
    std::optional<Sym> sd =
        si >= 0 ? std::optional<Sym>((*shape)[si]) : std::nullopt;
    auto isOne = [](const std::optional<Sym> &d) {
      return !d || (d->isConst() && d->c == 1);
    };
    if (isOne(sd)) {
      expanded.push_back(xd ? *xd : Sym{1, {}});
    } else {
      grows |= isOne(xd) && !(xd && sd && sd->isConst() && sd->c == 1);
      expanded.push_back(*sd);
    }
  }
  if (!grows && rank == type.getRank()) {
    setOutput(0, x);
    return success();
  }
  // where(true of the result's shape, x, x) broadcasts x.
  Entry t;
  t.splat = std::make_shared<Const>();
  t.splat->elem = Elem::I1;
  t.splat->i = {1};
  t.splatShape = expanded;
  return result(where(materialize(t), x, x));
}

LogicalResult Importer::importTrilu() {
  bool upper = getInt("upper", 1);
  int64_t k = 0;
  if (hasInput(1)) {
    FailureOr<SmallVector<int64_t>> kk = constInts(1, "k");
    if (failed(kk) || kk->size() > 1)
      return failure();
    if (!kk->empty())
      k = (*kk)[0];
  }
  FailureOr<Entry *> in = input(0);
  if (failed(in))
    return failure();
  // A splat input (torch's full((t, t), -inf)) keeps its value where kept.
  Value value;
  if ((*in)->splat && (*in)->splatShape.size() == 2)
    value = b.create<arith::ConstantOp>(
        nodeLoc,
        (*in)->splat->elem == Elem::F32
            ? cast<TypedAttr>(b.getF32FloatAttr((*in)->splat->f[0]))
            : cast<TypedAttr>(b.getIntegerAttr(
                  getElemType(ctx, (*in)->splat->elem), (*in)->splat->i[0])));
  Value x = materialize(**in);
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  if (rank < 2)
    return nodeError() << "Trilu needs a rank of 2 or more";
  // keep(i, j) = j - i >= k (upper) or j - i <= k (lower), from two aranges.
  auto index = [&](int64_t dim, bool column) -> FailureOr<Value> {
    Value n = getDim(x, dim);
    auto it = RankedTensorType::get(
        {type.isDynamicDim(dim) ? kDyn : type.getDimSize(dim)}, b.getI64Type());
    Value a = type.isDynamicDim(dim)
                  ? b.create<seq::ArangeOp>(nodeLoc, it, n).getResult()
                  : b.create<seq::ArangeOp>(nodeLoc, it, Value()).getResult();
    FailureOr<Value> f = castTo(a, b.getF32Type());
    if (failed(f))
      return failure();
    SmallVector<Sym> sizes = {Sym{1, {}}, Sym{1, {}}};
    sizes[column ? 1 : 0] =
        type.isDynamicDim(dim) ? Sym{0, n} : Sym{type.getDimSize(dim), {}};
    return reshape(*f, sizes);
  };
  FailureOr<Value> rows = index(rank - 2, false), cols = index(rank - 1, true);
  if (failed(rows) || failed(cols))
    return failure();
  FailureOr<Value> diff = build1<seq::SubOp>({*cols, *rows});
  if (failed(diff))
    return failure();
  Value kv = b.create<arith::ConstantOp>(nodeLoc, b.getF32FloatAttr((float)k));
  FailureOr<Value> keep = build1<seq::CompareOp>(
      {*diff, kv},
      {named("predicate", seq::ComparePredicateAttr::get(
                              ctx, upper ? seq::ComparePredicate::ge
                                         : seq::ComparePredicate::le))});
  if (failed(keep))
    return failure();
  Value zero = b.create<arith::ConstantOp>(
      nodeLoc, cast<TypedAttr>(type.getElementType().isF32()
                                   ? Attribute(b.getF32FloatAttr(0.0f))
                                   : Attribute(b.getIntegerAttr(
                                         type.getElementType(), 0))));
  return result(value && rank == 2 ? build1<seq::WhereOp>({*keep, value, zero})
                                   : build1<seq::WhereOp>({*keep, x, zero}));
}

/// Rows [d, gate block order[g]] of the [D, G·H, K] tensor `c`, as a
/// [G·H, K] (or [G·H] when `c` is [D, G·H]) constant in PyTorch's gate order.
static Const gateRows(const Const &c, int64_t d, llvm::ArrayRef<int> order,
                      int64_t hidden, int64_t offset = 0) {
  int64_t g = order.size();
  int64_t cols = c.shape.size() == 3 ? c.shape[2] : 1;
  int64_t rowsPerDir = c.shape[1];
  Const out;
  out.elem = Elem::F32;
  out.shape = {g * hidden};
  if (c.shape.size() == 3)
    out.shape.push_back(cols);
  out.f.reserve(g * hidden * cols);
  for (int gate : order) {
    int64_t row0 = d * rowsPerDir + offset + gate * hidden;
    out.f.insert(out.f.end(), c.f.begin() + row0 * cols,
                 c.f.begin() + (row0 + hidden) * cols);
  }
  return out;
}

LogicalResult Importer::importRecurrent(StringRef opType) {
  if (failed(rejectAttrs({"activations", "direction", "hidden_size", "layout",
                          "linear_before_reset", "clip"})))
    return failure();
  if (attr("clip"))
    return nodeError() << "the clip attribute is not supported";
  int64_t hidden = getInt("hidden_size", 0);
  std::string dirName = getString("direction", "forward");
  seq::Direction direction;
  int64_t numDirs = 1;
  if (dirName == "forward") {
    direction = seq::Direction::forward;
  } else if (dirName == "reverse") {
    direction = seq::Direction::reverse;
  } else if (dirName == "bidirectional") {
    direction = seq::Direction::bidirectional;
    numDirs = 2;
  } else {
    return nodeError() << "has an unknown direction '" << dirName << "'";
  }
  bool isLstm = opType == "LSTM", isGru = opType == "GRU";
  SmallVector<int> order = isLstm  ? SmallVector<int>{0, 2, 3, 1}
                           : isGru ? SmallVector<int>{1, 0, 2}
                                   : SmallVector<int>{0};
  int64_t gates = order.size();

  // Activations: only the defaults (per direction), or Relu for an RNN.
  SmallVector<std::string> defaults =
      isLstm  ? SmallVector<std::string>{"Sigmoid", "Tanh", "Tanh"}
      : isGru ? SmallVector<std::string>{"Sigmoid", "Tanh"}
              : SmallVector<std::string>{"Tanh"};
  seq::RnnNonlinearity nonlinearity = seq::RnnNonlinearity::tanh;
  if (const onnx::AttributeProto *a = attr("activations")) {
    SmallVector<std::string> acts(a->strings().begin(), a->strings().end());
    bool relu = !isLstm && !isGru && !acts.empty() && acts[0] == "Relu";
    SmallVector<std::string> want;
    for (int64_t d = 0; d < numDirs; ++d)
      for (const std::string &s : defaults)
        want.push_back(relu ? "Relu" : s);
    if (acts != want)
      return nodeError() << "activations other than the defaults ("
                         << llvm::join(defaults, ", ")
                         << (isLstm || isGru ? "" : ", or Relu")
                         << ") are not supported";
    if (relu)
      nonlinearity = seq::RnnNonlinearity::relu;
  }
  if (isGru && getInt("linear_before_reset", 0) != 1)
    return nodeError() << "GRU with linear_before_reset = 0 is not "
                          "supported (PyTorch's GRU, which Seqc implements, "
                          "is linear_before_reset = 1)";
  if (isLstm && hasInput(7))
    return nodeError() << "peephole weights (input P) are not supported";
  int64_t layout = getInt("layout", 0);

  FailureOr<Value> x = floatInput(0);
  if (failed(x))
    return failure();
  FailureOr<std::shared_ptr<Const>> w = constInput(1, "W"),
                                    r = constInput(2, "R");
  if (failed(w) || failed(r))
    return failure();
  std::shared_ptr<Const> bias;
  if (hasInput(3)) {
    FailureOr<std::shared_ptr<Const>> bc = constInput(3, "B");
    if (failed(bc))
      return failure();
    bias = *bc;
  }
  auto checkShape = [&](const Const &c, StringRef name,
                        llvm::ArrayRef<int64_t> want) -> LogicalResult {
    if (c.elem != Elem::F32 || llvm::ArrayRef<int64_t>(c.shape) != want) {
      auto diag = nodeError() << name << " must be a float tensor of shape [";
      llvm::interleaveComma(want, diag);
      return diag << "]";
    }
    return success();
  };
  auto xType = cast<RankedTensorType>(x->getType());
  if (xType.getRank() != 3)
    return nodeError() << "X must be of rank 3";
  int64_t in = xType.getDimSize(2);
  if (ShapedType::isDynamic(in) || hidden <= 0)
    return nodeError() << "needs a static input size and a hidden_size";
  if (failed(checkShape(**w, "W", {numDirs, gates * hidden, in})) ||
      failed(checkShape(**r, "R", {numDirs, gates * hidden, hidden})) ||
      (bias && failed(checkShape(*bias, "B", {numDirs, 2 * gates * hidden}))))
    return failure();

  // PyTorch's [B, T, I].
  Value input = *x;
  if (layout == 0) {
    FailureOr<Value> t = transpose(input, {1, 0, 2});
    if (failed(t))
      return failure();
    input = *t;
  }
  SmallVector<Value> operands = {input};
  SmallVector<int32_t> seg = {1};
  for (int64_t d = 0; d < numDirs; ++d) {
    Value wih = materializeConst(gateRows(**w, d, order, hidden));
    Value whh = materializeConst(gateRows(**r, d, order, hidden));
    Value bih, bhh;
    if (bias) {
      Const bc = *bias;
      bc.shape = {numDirs, 2 * gates * hidden};
      bih = materializeConst(gateRows(bc, d, order, hidden));
      bhh = materializeConst(gateRows(bc, d, order, hidden, gates * hidden));
    }
    operands.push_back(wih);
    operands.push_back(whh);
    if (bias) {
      operands.push_back(bih);
      operands.push_back(bhh);
    }
    if (d == 0)
      seg.append({1, 1, (int32_t)(bool)bias, (int32_t)(bool)bias});
    else
      seg.append({1, 1, (int32_t)(bool)bias, (int32_t)(bool)bias});
  }
  if (numDirs == 1)
    seg.append({0, 0, 0, 0});
  // Initial states: [D, B, H] (layout 0) or [B, D, H].
  auto isZero = [](const Entry &e) {
    const Const *c = e.splat ? e.splat.get() : e.constant.get();
    if (!c)
      return false;
    return c->elem == Elem::F32 &&
           llvm::all_of(c->f, [](float f) { return f == 0.0f; });
  };
  auto state = [&](unsigned i) -> FailureOr<Value> {
    if (!hasInput(i))
      return Value();
    // Zeros are the recurrent ops' default initial state.
    if (FailureOr<Entry *> e = this->input(i); succeeded(e) && isZero(**e))
      return Value();
    FailureOr<Value> s = floatInput(i);
    if (failed(s) || layout == 0)
      return s;
    return transpose(*s, {1, 0, 2});
  };
  FailureOr<Value> h0 = state(5);
  FailureOr<Value> c0 = isLstm ? state(6) : FailureOr<Value>(Value());
  if (failed(h0) || failed(c0))
    return failure();
  if (*h0)
    operands.push_back(*h0);
  seg.push_back(*h0 ? 1 : 0);
  if (isLstm) {
    if (*c0)
      operands.push_back(*c0);
    seg.push_back(*c0 ? 1 : 0);
  }
  if (hasInput(4)) {
    FailureOr<Value> l = tensorInput(4);
    if (failed(l))
      return failure();
    operands.push_back(*l);
  }
  seg.push_back(hasInput(4) ? 1 : 0);

  SmallVector<NamedAttribute> attrs = {
      segments(seg),
      named("direction", seq::DirectionAttr::get(ctx, direction))};
  FailureOr<Operation *> op = failure();
  if (isLstm) {
    op = build<seq::LstmOp>(operands, attrs);
  } else if (isGru) {
    op = build<seq::GruOp>(operands, attrs);
  } else {
    attrs.push_back(named("nonlinearity",
                          seq::RnnNonlinearityAttr::get(ctx, nonlinearity)));
    op = build<seq::RnnOp>(operands, attrs);
  }
  if (failed(op))
    return failure();

  // Y: [T, D, B, H] (layout 0) or [B, T, D, H], from [B, T, D·H].
  Value out = (*op)->getResult(0);
  FailureOr<Value> y =
      reshape(out, {Sym{0, getDim(out, 0)}, Sym{0, getDim(out, 1)},
                    Sym{numDirs, {}}, Sym{hidden, {}}});
  if (failed(y))
    return failure();
  if (layout == 0) {
    y = transpose(*y, {1, 2, 0, 3});
    if (failed(y))
      return failure();
  }
  setOutput(0, *y);
  for (unsigned k = 1; k < (*op)->getNumResults(); ++k) {
    Value s = (*op)->getResult(k);
    if (layout == 1) {
      FailureOr<Value> t = transpose(s, {1, 0, 2});
      if (failed(t))
        return failure();
      s = *t;
    }
    setOutput(k, s);
  }
  return success();
}

LogicalResult Importer::importNode() {
  StringRef op = node->op_type();
  if (!node->domain().empty() && node->domain() != "ai.onnx")
    return nodeError() << "is in the domain '" << node->domain()
                       << "', which Seqc does not support";
  if (op == "Identity" || op == "Dropout") {
    if (op == "Dropout" && node->output_size() > 1 && !node->output(1).empty())
      return nodeError() << "the mask output of Dropout is not supported";
    FailureOr<Entry *> e = input(0);
    if (failed(e))
      return failure();
    setOutput(0, **e);
    return success();
  }
  if (op == "Constant")
    return importConstant();
  if (op == "Shape") {
    FailureOr<Value> x = tensorInput(0);
    if (failed(x))
      return failure();
    auto type = cast<RankedTensorType>(x->getType());
    int64_t rank = type.getRank();
    int64_t start = getInt("start", 0), end = getInt("end", rank);
    start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
    end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
    Entry e;
    e.sym.emplace();
    for (int64_t i = start; i < end; ++i)
      e.sym->push_back(type.isDynamicDim(i) ? Sym{0, getDim(*x, i)}
                                            : Sym{type.getDimSize(i), {}});
    setOutput(0, e);
    return success();
  }
  if (op == "Cast")
    return importCast();
  if (op == "ConstantOfShape") {
    auto value = std::make_shared<Const>();
    value->f = {0.0f};
    if (const onnx::AttributeProto *a = attr("value")) {
      FailureOr<Const> t = readAttrTensor(a->t());
      if (failed(t))
        return failure();
      if (t->size() != 1)
        return nodeError() << "the value must have one element";
      *value = *t;
    }
    FailureOr<Entry *> shapeEntry = input(0);
    if (failed(shapeEntry))
      return failure();
    std::optional<SmallVector<Sym>> shape = symOf(**shapeEntry);
    if (!shape)
      return nodeError() << "the shape (input 0) must be computable at "
                            "compile time from constants and dims";
    Entry e;
    if (llvm::all_of(*shape, [](const Sym &d) { return d.isConst(); })) {
      auto c = std::make_shared<Const>();
      c->elem = value->elem;
      int64_t count = 1;
      for (const Sym &d : *shape) {
        if (d.c < 0 || llvm::MulOverflow(count, d.c, count) ||
            count > (int64_t(1) << 32))
          return nodeError() << "has a negative or too large shape";
        c->shape.push_back(d.c);
      }
      if (c->elem == Elem::F32)
        c->f.assign(count, value->f[0]);
      else
        c->i.assign(count, value->i[0]);
      e.constant = c;
    } else {
      e.splat = value;
      e.splatShape = *shape;
    }
    setOutput(0, e);
    return success();
  }
  if (op == "Gather")
    return importGather();
  if (op == "Unsqueeze" || op == "Squeeze" || op == "Reshape" ||
      op == "Flatten")
    return importReshapeLike(op);
  if (op == "Concat")
    return importConcat();
  if (op == "Slice")
    return importSlice();
  if (op == "Transpose") {
    FailureOr<Entry *> in = input(0);
    if (failed(in))
      return failure();
    int64_t rank =
        (*in)->constant
            ? (int64_t)(*in)->constant->shape.size()
            : cast<RankedTensorType>(materialize(**in).getType()).getRank();
    SmallVector<int64_t> perm;
    if (std::optional<SmallVector<int64_t>> p = getInts("perm"))
      perm = *p;
    else
      for (int64_t i = rank - 1; i >= 0; --i)
        perm.push_back(i);
    if ((int64_t)perm.size() != rank)
      return nodeError() << "has a permutation of " << perm.size()
                         << " dims for a rank-" << rank << " input";
    for (int64_t &p : perm)
      if (p < 0)
        p += rank;
    if ((*in)->constant) {
      return constantResult(constTranspose(*(*in)->constant, perm));
    }
    FailureOr<Value> x = materialize(**in);
    return result(transpose(*x, perm));
  }
  if (op == "Split") {
    FailureOr<Value> x = tensorInput(0);
    if (failed(x))
      return failure();
    auto type = cast<RankedTensorType>(x->getType());
    int64_t axis = getInt("axis", 0);
    if (axis < 0)
      axis += type.getRank();
    SmallVector<int64_t> sizes;
    if (opset >= 13 && hasInput(1)) {
      FailureOr<SmallVector<int64_t>> s = constInts(1, "the split sizes");
      if (failed(s))
        return failure();
      sizes = *s;
    } else if (std::optional<SmallVector<int64_t>> s = getInts("split")) {
      sizes = *s;
    } else {
      int64_t n = type.getDimSize(axis), parts = node->output_size();
      if (ShapedType::isDynamic(n))
        return nodeError() << "splits a dynamic dim into equal parts";
      int64_t each = llvm::divideCeil(n, parts);
      for (int64_t k = 0; k < parts; ++k)
        sizes.push_back(std::min(each, n - k * each));
    }
    if ((int64_t)sizes.size() != node->output_size())
      return nodeError() << "has " << node->output_size() << " outputs but "
                         << sizes.size() << " split sizes";
    int64_t start = 0;
    for (auto [k, size] : llvm::enumerate(sizes)) {
      FailureOr<Value> s = slice(*x, axis, start, start + size, 1);
      if (failed(s))
        return failure();
      setOutput(k, *s);
      start += size;
    }
    return success();
  }
  if (op == "Expand")
    return importExpand();
  if (op == "Trilu")
    return importTrilu();
  if (op == "MatMul")
    return importMatMul();
  if (op == "Gemm")
    return importGemm();
  if (op == "ReduceMean" || op == "ReduceSum" || op == "ReduceMax" ||
      op == "ReduceMin" || op == "ArgMax")
    return importReduce(op);
  if (op == "LayerNormalization")
    return importLayerNorm();
  if (op == "LSTM" || op == "GRU" || op == "RNN")
    return importRecurrent(op);
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" || op == "Pow" ||
      op == "Max" || op == "Min" || op == "Equal" || op == "Less" ||
      op == "Greater" || op == "LessOrEqual" || op == "GreaterOrEqual" ||
      op == "Relu" || op == "Tanh" || op == "Sigmoid" || op == "Sqrt" ||
      op == "Exp" || op == "Log" || op == "Abs" || op == "Neg" || op == "Erf" ||
      op == "Reciprocal" || op == "Softmax" || op == "LogSoftmax" ||
      op == "Clip" || op == "Where" || op == "Not") {
    if ((op == "Max" || op == "Min") && numInputs() != 2)
      return nodeError() << op << " of " << numInputs()
                         << " inputs is not supported (2 are)";
    return importElementwise(op);
  }
  return nodeError() << "op type '" << op << "' is not supported";
}

/// An identifier for the C header: letters, digits and '_' only.
static std::string sanitize(StringRef name, StringRef fallback) {
  std::string out;
  for (char c : name)
    out.push_back(llvm::isAlnum(c) ? c : '_');
  if (out.empty() || llvm::isDigit(out[0]))
    out = fallback.str() + out;
  return out;
}

OwningOpRef<ModuleOp> Importer::run(const llvm::MemoryBuffer &buffer) {
  ctx->loadDialect<seq::SeqDialect, arith::ArithDialect, func::FuncDialect,
                   tensor::TensorDialect>();
  if (buffer.getBufferSize() > (size_t)INT_MAX ||
      !model.ParseFromArray(buffer.getBufferStart(),
                            (int)buffer.getBufferSize())) {
    fileError() << "is not a valid ONNX model (the protobuf does not parse: "
                   "truncated, or not an ONNX file)";
    return nullptr;
  }
  for (const auto &o : model.opset_import())
    if (o.domain().empty() || o.domain() == "ai.onnx")
      opset = o.version();
  if (opset == 0) {
    fileError() << "imports no version of the default ONNX opset";
    return nullptr;
  }
  if (opset < 7 || opset > 21) {
    fileError() << "uses opset " << opset
                << "; Seqc imports opsets 7 to 21 (tested: 13 to 17)";
    return nullptr;
  }
  const onnx::GraphProto &graph = model.graph();

  OwningOpRef<ModuleOp> module =
      ModuleOp::create(FileLineColLoc::get(ctx, path, 0, 0));
  b.setInsertionPointToEnd(module->getBody());

  // Initializers.
  llvm::StringSet<llvm::MallocAllocator> initializers;
  for (const onnx::TensorProto &t : graph.initializer()) {
    auto c = std::make_shared<Const>();
    if (failed(readTensor(t, *c, "initializer '" + t.name() + "'")))
      return nullptr;
    Entry e;
    e.constant = c;
    values[t.name()] = e;
    initializers.insert(t.name());
  }

  // Inputs.
  SmallVector<Type> argTypes;
  SmallVector<Attribute> argAttrs;
  SmallVector<std::string> argNames;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (initializers.contains(in.name()))
      continue;
    const onnx::TypeProto &tp = in.type();
    if (!tp.has_tensor_type()) {
      fileError() << "graph input '" << in.name() << "' is not a tensor";
      return nullptr;
    }
    std::optional<Elem> elem = elemFromOnnx(tp.tensor_type().elem_type());
    if (!elem || tp.tensor_type().elem_type() == onnx::TensorProto::DOUBLE ||
        tp.tensor_type().elem_type() == onnx::TensorProto::FLOAT16) {
      fileError() << "graph input '" << in.name() << "' has element type "
                  << onnxTypeName(tp.tensor_type().elem_type())
                  << "; model inputs may be FLOAT, INT64, INT32 or BOOL";
      return nullptr;
    }
    if (!tp.tensor_type().has_shape()) {
      fileError() << "graph input '" << in.name()
                  << "' has no shape (its rank must be known)";
      return nullptr;
    }
    SmallVector<int64_t> shape;
    SmallVector<Attribute> dims;
    std::string name = sanitize(in.name(), "in_");
    for (auto [i, d] : llvm::enumerate(tp.tensor_type().shape().dim())) {
      if (d.has_dim_value() && d.dim_value() >= 0) {
        shape.push_back(d.dim_value());
        dims.push_back(b.getStringAttr(std::to_string(d.dim_value())));
      } else {
        shape.push_back(kDyn);
        std::string dn = d.has_dim_param() && !d.dim_param().empty()
                             ? sanitize(d.dim_param(), "d_")
                             : name + "_dim" + std::to_string(i);
        dims.push_back(b.getStringAttr(dn));
      }
    }
    argTypes.push_back(RankedTensorType::get(shape, getElemType(ctx, *elem)));
    argAttrs.push_back(b.getDictionaryAttr(
        {b.getNamedAttr("seqc.dims", b.getArrayAttr(dims)),
         b.getNamedAttr("seqc.name", b.getStringAttr(name))}));
    argNames.push_back(in.name());
  }

  std::string funcName = sanitize(llvm::sys::path::stem(path), "model_");
  auto func = b.create<func::FuncOp>(module->getLoc(), funcName,
                                     b.getFunctionType(argTypes, {}));
  func->setAttr("seqc.model", b.getUnitAttr());
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    Entry e;
    e.tensor = entry->getArgument(i);
    values[name] = e;
  }
  b.setInsertionPointToStart(entry);
  // Inputs' dims of one name are one size (the entry point checks it): one
  // value, so that shapes computed from either input line up.
  llvm::StringMap<Value> namedDims;
  for (auto [i, attrs] : llvm::enumerate(argAttrs)) {
    auto dims = cast<ArrayAttr>(cast<DictionaryAttr>(attrs).get("seqc.dims"));
    BlockArgument arg = entry->getArgument(i);
    for (auto [k, d] : llvm::enumerate(dims)) {
      if (!cast<RankedTensorType>(arg.getType()).isDynamicDim(k))
        continue;
      StringRef dn = cast<StringAttr>(d).getValue();
      auto it = namedDims.find(dn);
      if (it == namedDims.end())
        namedDims[dn] = getDim(arg, k);
      else
        dimCache[{arg, (int64_t)k}] = it->second;
    }
  }

  for (const onnx::NodeProto &n : graph.node())
    for (const std::string &in : n.input())
      ++readers[in];
  for (const onnx::ValueInfoProto &out : graph.output())
    ++readers[out.name()];
  for (const onnx::NodeProto &n : graph.node()) {
    node = &n;
    std::string desc = "node " + std::to_string(nodeIndex) + " '" + n.name() +
                       "' (" + n.op_type() + ", opset " +
                       std::to_string(opset) + ")";
    nodeLoc = NameLoc::get(b.getStringAttr(desc), module->getLoc());
    if (failed(importNode()))
      return nullptr;
    ++nodeIndex;
  }
  nodeLoc = module->getLoc();

  SmallVector<Value> results;
  SmallVector<Attribute> resultAttrs;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = values.find(out.name());
    if (it == values.end()) {
      fileError() << "graph output '" << out.name()
                  << "' is not produced by any node";
      return nullptr;
    }
    results.push_back(materialize(it->second));
    resultAttrs.push_back(b.getDictionaryAttr({b.getNamedAttr(
        "seqc.name", b.getStringAttr(sanitize(out.name(), "out_")))}));
  }
  if (results.empty()) {
    fileError() << "the graph has no outputs";
    return nullptr;
  }
  b.create<func::ReturnOp>(module->getLoc(), results);
  func.setFunctionType(
      b.getFunctionType(argTypes, ValueRange(results).getTypes()));
  func.setAllArgAttrs(argAttrs);
  func.setAllResultAttrs(resultAttrs);

  // What the folding above left unused.
  SmallVector<Operation *> ops;
  entry->walk([&](Operation *op) { ops.push_back(op); });
  for (Operation *op : llvm::reverse(ops))
    if (isOpTriviallyDead(op))
      op->erase();

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> seqc::importOnnxModel(StringRef path,
                                            const llvm::MemoryBuffer &buffer,
                                            MLIRContext &context,
                                            const OnnxImportOptions &options) {
  if (options.weights != WeightMode::Embedded) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "runtime weights (--weights=runtime) are not supported for ONNX "
           "models yet: the initializers are embedded";
    return nullptr;
  }
  Importer importer(path, context);
  return importer.run(buffer);
}
