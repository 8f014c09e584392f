"""Cluster-potential analysis: plain numerics over numpy arrays, no Django import."""
