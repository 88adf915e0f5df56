#pragma once
/// The random stream of the sample being loaded (Note [Per-sample randomness]).
///
/// Note [Per-sample randomness]
/// Random transforms (ember/data/vision/transforms.h, or any transform calling
/// `sample_generator()`) draw from a generator that belongs to the sample, not to the thread:
/// inside a data loader, sample `index` of epoch `epoch` gets a fresh `Generator` seeded with
/// mix(loader seed, epoch, index) (a SplitMix64 hash of the three). So the same sample in the
/// same epoch is augmented the same way whatever the number of workers, their timing or batch
/// composition, and a resumed loader (same seed; `DataLoaderState` carries it) repeats the
/// augmentations of an uninterrupted run. The loader seed is `DataLoaderOptions::seed`, or the
/// global generator's seed when the loader is built (`ember::manual_seed(s)` before building
/// the loader sets it; nothing is drawn, so the global stream is left as it is). The sample index
/// is set around `get(index)` by `Dataset::get_batch` and around each example's `apply` by a
/// `MapDataset` over an index request; the transforms applied to one sample share its stream in
/// order, so two random transforms in one `Compose` draw different numbers. Each `MapDataset` layer
/// restarts the stream: put the random transforms of one sample in one `Compose` rather than in two
/// stacked
/// `.map()` calls. Outside a loader (e.g. calling a transform or `get_batch` directly),
/// `sample_generator()` is the global generator, as torchvision's transforms use torch's.
#include <cstddef>
#include <cstdint>

#include "ember/generator.h"

namespace ember::data {

/// The generator of the sample being loaded, or the global generator outside a loader.
Generator& sample_generator();

/// SplitMix64 mix of (seed, epoch, index): the seed of a sample's stream.
uint64_t sample_seed(uint64_t seed, uint64_t epoch, uint64_t index);

namespace detail {
/// Marks the calling thread as loading epoch `epoch` of a loader seeded with `seed`.
class EpochScope {
 public:
  EpochScope(uint64_t seed, uint64_t epoch);
  ~EpochScope();
  EpochScope(const EpochScope&) = delete;
  EpochScope& operator=(const EpochScope&) = delete;

 private:
  bool had_;
  uint64_t seed_, epoch_;
};

/// Marks the calling thread as loading sample `index` (a fresh stream for it).
class SampleScope {
 public:
  explicit SampleScope(size_t index);
  ~SampleScope();
  SampleScope(const SampleScope&) = delete;
  SampleScope& operator=(const SampleScope&) = delete;

 private:
  bool had_;
  size_t index_;
};
}  // namespace detail

}  // namespace ember::data
