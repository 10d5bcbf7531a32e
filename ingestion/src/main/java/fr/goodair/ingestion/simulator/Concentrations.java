package fr.goodair.ingestion.simulator;

/** Simulated pollutant concentrations at one place and hour, all in µg/m³ (as OWM's Air Pollution API gives them). */
public record Concentrations(
    double no2, double o3, double pm10, double pm25, double so2, double co, double no, double nh3) {}
