#pragma once
/// Internal: the worker threads of a data loader and their bounded job and result queues.
///
/// Note [Data loader threads]
/// The consumer (the thread iterating the loader) is the only one that touches the sampler: it
/// numbers each request with a sequence number and pushes it as a job, keeping at most
/// `max_jobs` jobs pushed but not yet consumed (the prefetch bound). Each worker pops a job,
/// loads the batch with its own fetch function (a copy of the dataset for stateless loaders) and
/// files the result, or the exception it raised, under the job's number. With
/// `enforce_ordering` the consumer takes results by number, so batches come out in sampler order
/// whatever the number of workers or their timing; otherwise it takes whichever is ready. A new
/// epoch drops queued jobs and waits for running ones, so no batch of an old epoch can leak into
/// a new one; `stop()` wakes and joins every worker (also from the destructor), so an
/// exception in the consumer or an early `break` never leaves a thread behind.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "ember/error.h"

namespace ember::data::detail {

template <class Request, class Result>
class WorkerQueue {
 public:
  using Fetch = std::function<Result(Request&)>;

  /// What a job produced: its value, or the exception its fetch raised.
  struct Outcome {
    uint64_t seq = 0;
    std::optional<Result> value;
    std::exception_ptr error;
  };

  /// Starts one thread per fetch function.
  explicit WorkerQueue(std::vector<Fetch> fetchers) {
    threads_.reserve(fetchers.size());
    for (auto& fetch : fetchers) {
      threads_.emplace_back([this, f = std::move(fetch)]() mutable { work(f); });
    }
  }
  WorkerQueue(const WorkerQueue&) = delete;
  WorkerQueue& operator=(const WorkerQueue&) = delete;
  ~WorkerQueue() { stop(); }

  /// Drops queued jobs and unclaimed results and waits until no worker is busy.
  void clear() {
    std::unique_lock lock(mutex_);
    jobs_.clear();
    idle_cv_.wait(lock, [&] { return busy_ == 0; });
    results_.clear();
  }

  void push(uint64_t seq, Request request) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back({seq, std::move(request)});
    }
    job_cv_.notify_one();
  }

  /// The outcome of job `seq` (or of any job when `seq` is nullopt), waiting at most `timeout`.
  /// Raises `ember::Error` on timeout.
  Outcome pop(std::optional<uint64_t> seq, std::optional<std::chrono::milliseconds> timeout) {
    std::unique_lock lock(mutex_);
    auto ready = [&] { return seq ? results_.count(*seq) > 0 : !results_.empty(); };
    if (timeout) {
      EMBER_CHECK(result_cv_.wait_for(lock, *timeout, ready), "DataLoader", "timed out after ",
                  timeout->count(), " ms waiting for a batch");
    } else {
      result_cv_.wait(lock, ready);
    }
    auto it = seq ? results_.find(*seq) : results_.begin();
    Outcome outcome = std::move(it->second);
    results_.erase(it);
    return outcome;
  }

  /// Wakes and joins every worker; idempotent.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    job_cv_.notify_all();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    threads_.clear();
  }

  bool stopped() const {
    std::lock_guard lock(mutex_);
    return stop_;
  }

 private:
  struct Job {
    uint64_t seq;
    Request request;
  };

  void work(Fetch& fetch) {
    for (;;) {
      std::optional<Job> job;
      {
        std::unique_lock lock(mutex_);
        job_cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
        if (stop_) return;
        job.emplace(std::move(jobs_.front()));
        jobs_.pop_front();
        ++busy_;
      }
      Outcome outcome;
      outcome.seq = job->seq;
      try {
        outcome.value.emplace(fetch(job->request));
      } catch (...) {
        outcome.error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex_);
        results_.emplace(outcome.seq, std::move(outcome));
        --busy_;
      }
      result_cv_.notify_all();
      idle_cv_.notify_all();
    }
  }

  mutable std::mutex mutex_;
  std::condition_variable job_cv_, result_cv_, idle_cv_;
  std::deque<Job> jobs_;
  std::map<uint64_t, Outcome> results_;
  size_t busy_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace ember::data::detail
