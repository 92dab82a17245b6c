// Each test runs three server processes, a Redis and a proxy; running classes side by side would only starve them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
