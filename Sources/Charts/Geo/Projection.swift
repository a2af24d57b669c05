import Foundation

/// A point on a map in British National Grid metres (OSGB36 easting and northing), which is a
/// proper projection of Great Britain and so needs no further transformation to draw.
public struct GridPoint: Sendable, Equatable {
    public var easting: Double
    public var northing: Double
    public init(easting: Double, northing: Double) {
        self.easting = easting
        self.northing = northing
    }

    /// The British National Grid point of a WGS84 (GPS, GeoJSON) latitude and longitude.
    ///
    /// The method of Ordnance Survey's *A guide to coordinate systems in Great Britain* (v3.6,
    /// 2020): the point is taken to Cartesian coordinates on the GRS80 ellipsoid, moved to
    /// OSGB36 by the published seven-parameter Helmert transformation (annexe C: tx −446.448 m,
    /// ty +125.157 m, tz −542.060 m, scale +20.4894 ppm, rx −0.1502″, ry −0.2470″, rz −0.8421″),
    /// back to latitude and longitude on the Airy 1830 ellipsoid, and projected by the
    /// Transverse Mercator of the National Grid (annexe B and C: F0 0.9996012717, true origin
    /// 49°N 2°W, false origin −100 km north, 400 km east). The Helmert step is good to about
    /// 5 m, ample for maps; OSTN15 would be needed for survey accuracy.
    public init(latitude: Double, longitude: Double) {
        let rad = Double.pi / 180
        // GRS80 (WGS84) Cartesian coordinates, height 0.
        let a1 = 6_378_137.0
        let b1 = 6_356_752.314_1
        let e1 = (a1 * a1 - b1 * b1) / (a1 * a1)
        let phi = latitude * rad
        let lambda = longitude * rad
        let nu1 = a1 / (1 - e1 * sin(phi) * sin(phi)).squareRoot()
        let x1 = nu1 * cos(phi) * cos(lambda)
        let y1 = nu1 * cos(phi) * sin(lambda)
        let z1 = (1 - e1) * nu1 * sin(phi)
        // Helmert transformation to OSGB36.
        let s = 20.4894e-6
        let sec = rad / 3600
        let rx = -0.1502 * sec
        let ry = -0.2470 * sec
        let rz = -0.8421 * sec
        let x2 = -446.448 + (1 + s) * x1 - rz * y1 + ry * z1
        let y2 = 125.157 + rz * x1 + (1 + s) * y1 - rx * z1
        let z2 = -542.060 - ry * x1 + rx * y1 + (1 + s) * z1
        // Latitude and longitude on Airy 1830.
        let a = 6_377_563.396
        let b = 6_356_256.909
        let e2 = (a * a - b * b) / (a * a)
        let p = (x2 * x2 + y2 * y2).squareRoot()
        var lat = atan2(z2, p * (1 - e2))
        for _ in 0..<6 {
            let nu = a / (1 - e2 * sin(lat) * sin(lat)).squareRoot()
            lat = atan2(z2 + e2 * nu * sin(lat), p)
        }
        let lon = atan2(y2, x2)
        self = GridPoint.transverseMercator(lat: lat, lon: lon, a: a, b: b)
    }

    /// The National Grid's Transverse Mercator projection of an Airy 1830 latitude and longitude
    /// (radians), by the series of the OS guide's annexe C.
    static func transverseMercator(lat phi: Double, lon lambda: Double, a: Double, b: Double) -> GridPoint {
        let f0 = 0.999_601_271_7
        let phi0 = 49 * Double.pi / 180
        let lambda0 = -2 * Double.pi / 180
        let n0 = -100_000.0
        let e0 = 400_000.0
        let e2 = (a * a - b * b) / (a * a)
        let n = (a - b) / (a + b)
        let sinP = sin(phi)
        let cosP = cos(phi)
        let tanP = tan(phi)
        let nu = a * f0 / (1 - e2 * sinP * sinP).squareRoot()
        let rho = a * f0 * (1 - e2) / pow(1 - e2 * sinP * sinP, 1.5)
        let eta2 = nu / rho - 1
        let dp = phi - phi0
        let sp = phi + phi0
        let m =
            b * f0
            * ((1 + n + 5 / 4 * n * n + 5 / 4 * n * n * n) * dp
                - (3 * n + 3 * n * n + 21 / 8 * n * n * n) * sin(dp) * cos(sp)
                + (15 / 8 * n * n + 15 / 8 * n * n * n) * sin(2 * dp) * cos(2 * sp)
                - 35 / 24 * n * n * n * sin(3 * dp) * cos(3 * sp))
        let t2 = tanP * tanP
        let i = m + n0
        let ii = nu / 2 * sinP * cosP
        let iii = nu / 24 * sinP * pow(cosP, 3) * (5 - t2 + 9 * eta2)
        let iiia = nu / 720 * sinP * pow(cosP, 5) * (61 - 58 * t2 + t2 * t2)
        let iv = nu * cosP
        let v = nu / 6 * pow(cosP, 3) * (nu / rho - t2)
        let vi = nu / 120 * pow(cosP, 5) * (5 - 18 * t2 + t2 * t2 + 14 * eta2 - 58 * t2 * eta2)
        let dl = lambda - lambda0
        let northing = i + ii * dl * dl + iii * pow(dl, 4) + iiia * pow(dl, 6)
        let easting = e0 + iv * dl + v * pow(dl, 3) + vi * pow(dl, 5)
        return GridPoint(easting: easting, northing: northing)
    }
}
