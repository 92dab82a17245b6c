global using Realtime.Testing;
